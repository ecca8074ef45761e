import Config

# The RTMP ingest listens on its own port.
config :stream,
  rtmp_port: String.to_integer(System.get_env("RTMP_PORT", "1935"))

config :grpc, port: String.to_integer(System.get_env("GRPC_PORT", "50051"))

if config_env() == :prod do
  config :stream,
         StreamWeb.Endpoint,
         url: [
           host: System.get_env("PHX_HOST", "example.com"),
           port: 443
         ],
         http: [port: System.get_env("PHX_HTTP_PORT")],
         server: true
end
