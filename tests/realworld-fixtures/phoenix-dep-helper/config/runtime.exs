import Config

db_port = System.get_env("DB_PORT", "5432")
config :hub, Hub.Repo, port: db_port

config :hub, HubWeb.Endpoint,
  http: [ip: {0, 0, 0, 0, 0, 0, 0, 0}, port: String.to_integer(System.get_env("PORT", "4000"))],
  server: true
