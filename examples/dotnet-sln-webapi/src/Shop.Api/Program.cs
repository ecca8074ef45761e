using Shop.Core;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOpenApi();
builder.Services.AddSingleton<Catalog>();

var app = builder.Build();
app.MapOpenApi();

app.MapGet("/", () => "hello from dotnet-sln-webapi");
app.MapGet("/products", (Catalog catalog) => catalog.All());
app.MapGet("/products/{sku}", (string sku, Catalog catalog) =>
    catalog.Find(sku) is { } product ? Results.Ok(product) : Results.NotFound());

app.Run();

public partial class Program;
