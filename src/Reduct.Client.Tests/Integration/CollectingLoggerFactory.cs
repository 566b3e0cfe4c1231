using Microsoft.Extensions.Logging;

namespace Reduct.Client.Tests.Integration;

/// <summary>Collects log messages so tests can check what was logged (and that no secret was).</summary>
internal sealed class CollectingLoggerFactory : ILoggerFactory
{
    private readonly List<(LogLevel Level, string Text)> _messages = [];

    public IReadOnlyList<(LogLevel Level, string Text)> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._messages)
            {
                owner._messages.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
