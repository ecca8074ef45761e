using Desk.Core;

var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => Greeting.For("api"));
app.Run();
