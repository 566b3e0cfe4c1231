using Microsoft.Win32.SafeHandles;

namespace Reduct.Client.Testing.Storage;

/// <summary>Record bytes in a file of their own, preallocated at the declared size.</summary>
internal sealed class FileRecordContent : RecordContent
{
    private string _path;
    private SafeFileHandle? _writeHandle;

    private FileRecordContent(string path, SafeFileHandle? writeHandle)
    {
        _path = path;
        _writeHandle = writeHandle;
    }

    public override bool KeepsBytes => true;

    /// <summary>Creates (or truncates) the file and reserves <paramref name="length"/> bytes.</summary>
    public static FileRecordContent Create(string path, long length)
    {
        var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.Read, FileOptions.None, length);
        return new FileRecordContent(path, handle);
    }

    /// <summary>Refers to the file of a record written by an earlier server.</summary>
    public static FileRecordContent Existing(string path) => new(path, null);

    public override void Write(ReadOnlySpan<byte> data, long offset)
    {
        var handle = _writeHandle ?? throw new InvalidOperationException("The record is not open for writing.");
        RandomAccess.Write(handle, data, offset);
    }

    public override void CloseForWriting()
    {
        _writeHandle?.Dispose();
        _writeHandle = null;
    }

    /// <remarks>An open write handle stays valid: it refers to the file, not to its path.</remarks>
    public override void MovedTo(string bodyPath) => _path = bodyPath;

    public override byte[] ReadAll() => File.ReadAllBytes(_path);

    public override async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        var source = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true);
        await using (source.ConfigureAwait(false))
        {
            await source.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
    }

    public override void Delete()
    {
        CloseForWriting();
        File.Delete(_path);
    }
}
