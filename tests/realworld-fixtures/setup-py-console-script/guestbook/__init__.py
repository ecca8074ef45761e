import os

from werkzeug.serving import run_simple
from werkzeug.wrappers import Request, Response


@Request.application
def app(request):
    return Response("guestbook")


def main():
    port = int(os.environ.get("PORT", "8090"))
    run_simple("0.0.0.0", port, app)
