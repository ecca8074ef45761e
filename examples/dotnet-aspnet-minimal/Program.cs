var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/", () => "hello from dotnet-aspnet-minimal");
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
app.MapGet("/hello/{name}", (string name) => $"hello, {name}");

app.Run();
