namespace Reduct.Client.Testing.Lifecycles;

/// <summary>A lifecycle policy as the GETs show it: its settings as given, its mode now, and when it last ran.</summary>
internal sealed record LifecycleView(string Name, LifecycleRequest Request, LifecycleMode Mode, DateTimeOffset? LastRun);
