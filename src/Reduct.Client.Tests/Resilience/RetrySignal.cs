using Microsoft.Extensions.Logging;

namespace Reduct.Client.Tests.Resilience;

/// <summary>A logger factory that completes a task when the client logs its first retry: a test can act between attempts without sleeping.</summary>
internal sealed class RetrySignal : ILoggerFactory
{
    private const int RetryingEventId = 20;

    private readonly TaskCompletionSource _firstRetry = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstRetry => _firstRetry.Task;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(RetrySignal owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == RetryingEventId)
            {
                owner._firstRetry.TrySetResult();
            }
        }
    }
}
