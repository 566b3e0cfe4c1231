namespace Reduct.Client.Testing.Storage;

/// <summary>Where the bytes of one record live. The full size is reserved when it is created.</summary>
internal abstract class RecordContent
{
    /// <summary>Whether the bytes can be read back.</summary>
    public abstract bool KeepsBytes { get; }

    /// <summary>Stores <paramref name="data"/> at <paramref name="offset"/>.</summary>
    public abstract void Write(ReadOnlySpan<byte> data, long offset);

    /// <summary>Releases write resources once the upload finished or failed.</summary>
    public virtual void CloseForWriting()
    {
    }

    /// <summary>Returns a copy of the bytes.</summary>
    public abstract byte[] ReadAll();

    /// <summary>Streams the bytes to <paramref name="destination"/>.</summary>
    public abstract Task CopyToAsync(Stream destination, CancellationToken cancellationToken);

    /// <summary>Tells content kept in a file that a rename moved the file to <paramref name="bodyPath"/>.</summary>
    public virtual void MovedTo(string bodyPath)
    {
    }

    /// <summary>Frees the storage of a record that was replaced or removed.</summary>
    public virtual void Delete()
    {
    }
}
