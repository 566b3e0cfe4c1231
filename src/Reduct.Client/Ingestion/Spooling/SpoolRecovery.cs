namespace Reduct.Client;

/// <summary>What a writer found in its spool directory when it opened it: records left by an earlier run, and what a crash had damaged.</summary>
/// <param name="Segments">Segment files found.</param>
/// <param name="Records">Whole records found; they are sent again, first (those already stored meet 409 and count as stored).</param>
/// <param name="Bytes">Bytes of those records' segments.</param>
/// <param name="CutBytes">Bytes cut off the ends of segments: torn or damaged frames a crash left.</param>
/// <param name="CutRecords">Frames in the cut bytes, as far as they could be told apart: records lost. A torn frame is a record whose write had not returned.</param>
public sealed record SpoolRecovery(int Segments, long Records, long Bytes, long CutBytes, int CutRecords);
