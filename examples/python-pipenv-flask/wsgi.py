from flask import Flask, Response

app = Flask(__name__)


@app.get("/")
def index() -> Response:
    return Response("hello from python-pipenv-flask", mimetype="text/plain")
