var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => Shop.Shared.Greeting.For("Storefront"));
app.Run();
