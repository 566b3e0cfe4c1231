namespace Reduct.Client.Harness;

/// <summary>
/// What every client writes for record <c>i</c>, so that all of them send the same records: its entry, its
/// timestamp, a fixed content type and two fixed labels.
/// </summary>
internal static class RecordPattern
{
    public const string ContentType = "application/octet-stream";
    public const string SensorLabel = "sensor";
    public const string SensorValue = "temp-01";
    public const string UnitLabel = "unit";
    public const string UnitValue = "celsius";
    public const byte PayloadByte = 0x5a;

    private const ulong StartTimestamp = 1_700_000_000_000_000UL;
    private const ulong SpacingMicroseconds = 1000;

    public static string EntryName(int entryNumber) => $"sensor-{entryNumber}";

    public static int EntryNumber(int recordIndex, WorkloadShape shape) => recordIndex % shape.Entries;

    public static ulong Timestamp(int recordIndex) => StartTimestamp + ((ulong)recordIndex * SpacingMicroseconds);

    public static Labels CreateLabels() => new() { [SensorLabel] = SensorValue, [UnitLabel] = UnitValue };

    public static byte[] CreatePayload(long size)
    {
        byte[] payload = new byte[size];
        payload.AsSpan().Fill(PayloadByte);
        return payload;
    }
}
