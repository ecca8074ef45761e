import click
import uvicorn


async def app(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"notebin"})


@click.command()
@click.option(
    "-h",
    "--host",
    default="127.0.0.1",
    help="Interface to bind; 127.0.0.1 keeps it local.",
)
@click.option(
    "-p",
    "--port",
    default=8123,
    type=int,
    help="Port to serve on.",
)
def cli(host, port):
    uvicorn.run(app, host=host, port=port)
