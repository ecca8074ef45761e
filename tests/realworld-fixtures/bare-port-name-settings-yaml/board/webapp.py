from flask import Flask

from board.config import get_setting

app = Flask(__name__)


@app.get("/")
def index():
    return "board"


def run():
    host: str = get_setting("server.bind_address")
    port: int = get_setting("server.port")
    app.run(port=port, host=host)


if __name__ == "__main__":
    run()
