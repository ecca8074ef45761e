# A tiny HTTP server: answers every request with a greeting.
require "kemal"

get "/" do
  "hello from crystal-kemal\n"
end

Kemal.config.host_binding = "0.0.0.0"
Kemal.run(port: 3000)
