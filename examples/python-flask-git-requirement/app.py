"""dockgen example: a Flask app with one dependency installed from a git repository."""

from flask import Flask
from itsdangerous import URLSafeSerializer

app = Flask(__name__)
signer = URLSafeSerializer("example-only-not-a-secret")


@app.get("/")
def index():
    return "hello from python-flask-git-requirement"


@app.get("/token")
def token():
    return signer.dumps({"user": "example"})
