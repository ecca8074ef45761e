using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Shop.Api.Tests;

public class CatalogEndpointsTests(WebApplicationFactory<Program> factory)
    : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Root_answers()
    {
        var body = await factory.CreateClient().GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal("hello from dotnet-sln-webapi", body);
    }

    [Fact]
    public async Task Unknown_sku_is_404()
    {
        var response = await factory.CreateClient().GetAsync("/products/nope", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
