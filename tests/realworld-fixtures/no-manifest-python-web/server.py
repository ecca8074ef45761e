# A standard-library file server for web/, with no requirements.txt: dockgen's own fixture.
import http.server
import os
import socketserver

PORT = 8080
os.chdir(os.path.join(os.path.dirname(__file__), "web"))
with socketserver.TCPServer(("", PORT), http.server.SimpleHTTPRequestHandler) as httpd:
    httpd.serve_forever()
