open Microsoft.AspNetCore.Builder

let app = WebApplication.CreateBuilder().Build()
app.MapGet("/", fun () -> "up") |> ignore
app.Run()
