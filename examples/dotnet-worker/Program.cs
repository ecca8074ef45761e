using Heartbeat;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.Configure<HeartbeatOptions>(builder.Configuration.GetSection("Heartbeat"));
builder.Services.AddHostedService<Worker>();

var host = builder.Build();
host.Run();
