namespace Reduct.Client.Ingestion.Spooling;

/// <summary>Where a spooled record is: what its acknowledgement needs.</summary>
/// <param name="Segment">The id of its segment.</param>
/// <param name="Index">Its place in the segment, from 0.</param>
internal readonly record struct SpoolPosition(long Segment, int Index);
