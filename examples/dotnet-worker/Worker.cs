using Microsoft.Extensions.Options;

namespace Heartbeat;

public sealed class HeartbeatOptions
{
    public int IntervalSeconds { get; set; } = 10;
}

public sealed class Worker(ILogger<Worker> logger, IOptions<HeartbeatOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.IntervalSeconds));
        using var timer = new PeriodicTimer(interval);
        do
        {
            logger.LogInformation("hello from dotnet-worker at {Time:O}", DateTimeOffset.UtcNow);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
