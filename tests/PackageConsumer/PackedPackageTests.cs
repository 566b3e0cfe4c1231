using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Reduct.Client;
using Reduct.Client.Testing;

namespace PackageConsumer;

/// <summary>
/// Uses Reduct.Client, Reduct.Client.DependencyInjection and Reduct.Client.Testing as an application does: from
/// the packed packages. A file left out of a package, a dependency missing from its nuspec or a public type that
/// is not public fails here.
/// </summary>
public sealed class PackedPackageTests
{
    [Fact]
    public void The_assemblies_come_from_the_packages_at_the_packed_version()
    {
        string expected = Environment.GetEnvironmentVariable("REDUCT_PACKAGE_VERSION") ?? string.Empty;
        foreach (Assembly assembly in new[] { typeof(ReductClient).Assembly, typeof(IReductClientFactory).Assembly, typeof(ReductTestServer).Assembly })
        {
            string location = assembly.Location.Replace('\\', '/');
            string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

            Assert.DoesNotContain("/src/", location, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.ChangeExtension(assembly.Location, ".xml")), $"No XML documentation next to {location}");
            if (expected.Length > 0)
            {
                Assert.StartsWith(expected, informational, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_record_written_through_the_client_is_read_back_from_the_embedded_server()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = "package-token" });
        using var client = new ReductClient(server.Url, "package-token");
        Bucket bucket = await client.CreateBucketAsync("packaged");

        await bucket.WriteAsync("entry-1", "Hey!!"u8.ToArray(), 1_000UL, new RecordWriteOptions
        {
            ContentType = "text/plain",
            Labels = new Labels { ["score"] = 0.9 },
        });
        await using ReductRecord record = await bucket.ReadAsync("entry-1", 1_000UL);

        Assert.Equal("Hey!!"u8.ToArray(), await record.ReadAllBytesAsync());
        Assert.Equal("text/plain", record.ContentType);
        Assert.Equal("0.9", record.Labels["score"]);
        Assert.Equal(5, server.Storage.GetRecords("packaged", "entry-1").Single().Length);
    }

    [Fact]
    public async Task A_batch_through_a_client_from_dependency_injection_is_counted_by_the_meter()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync();
        var services = new ServiceCollection();
        services.AddReductClient(options => options.Url = server.Url);
        await using ServiceProvider provider = services.BuildServiceProvider();
        long written = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ReductTelemetry.MeterName && instrument.Name == "reduct.client.records.written")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref written, value));
        listener.Start();

        ReductClient client = provider.GetRequiredService<ReductClient>();
        Assert.Same(client, provider.GetRequiredService<IReductClientFactory>().CreateClient(string.Empty));
        Bucket bucket = await client.CreateBucketAsync("injected");
        var batch = new RecordBatch();
        batch.Add("a", 1UL, "one");
        batch.Add("b", 1UL, "two");
        IReadOnlyDictionary<RecordKey, ReductException> errors = await bucket.WriteBatchAsync(batch);

        Assert.Empty(errors);
        Assert.Equal(2, Interlocked.Read(ref written));
        Assert.Equal(2, server.Storage.CountRecords("injected"));
    }
}
