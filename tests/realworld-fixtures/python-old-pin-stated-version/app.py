from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "gunicorn from before 21.0 imports pkg_resources"
