require "socket"

# No gems at all (`bundle lock` on an empty Gemfile wrote the Gemfile.lock): a tiny server on the
# standard library's TCPServer.
server = TCPServer.new("0.0.0.0", Integer(ENV.fetch("PORT", "9292")))
loop do
  client = server.accept
  client.gets
  client.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
  client.close
end
