using System.Buffers;
using System.IO.Pipelines;

namespace Chat.DataLayer.Storage.Tests;

internal static class TestBytes
{
    public static byte[] Random(int length)
    {
        var bytes = new byte[length];
        System.Random.Shared.NextBytes(bytes);
        return bytes;
    }
}

internal static class NonSeekable
{
    /// <summary>
    /// A read-only stream that cannot seek and has no length, like a request body: the reading end of a pipe that holds
    /// <paramref name="data"/>. Reads return at most one pipe segment (about 4 KiB) at a time.
    /// </summary>
    public static Stream Of(byte[] data)
    {
        var pipe = new Pipe();
        pipe.Writer.Write(data);
        pipe.Writer.Complete();
        return pipe.Reader.AsStream();
    }
}
