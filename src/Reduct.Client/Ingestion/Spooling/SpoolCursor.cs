namespace Reduct.Client.Ingestion.Spooling;

/// <summary>Where the reader of a spool is: the next record to read is at this offset of this segment, with this index in it.</summary>
/// <param name="Segment">The segment's id.</param>
/// <param name="Offset">Byte offset in the segment file.</param>
/// <param name="Index">Index of the next record in the segment.</param>
internal readonly record struct SpoolCursor(long Segment, long Offset, int Index);
