import Config

# For development, we disable any cache and enable
# debugging and code reloading.
config :storefront, StorefrontWeb.Endpoint,
  # Binding to loopback ipv4 address prevents access from other machines.
  # Change to `ip: {0, 0, 0, 0}` to allow access from other machines.
  http: [ip: {127, 0, 0, 1}, port: String.to_integer(System.get_env("PORT") || "4000")],
  check_origin: false,
  code_reloader: true,
  debug_errors: true,
  secret_key_base: "h0mGz1n6ZbQ1m9v3cS0rJ0yXzDk2m6vH7cWq3pN8tL5aR4eF2gU1iO9sY7xK6jB3",
  watchers: [
    esbuild: {Esbuild, :install_and_run, [:storefront, ~w(--sourcemap=inline --watch)]},
    tailwind: {Tailwind, :install_and_run, [:storefront, ~w(--watch)]}
  ]

# Watch static and templates for browser reloading.
config :storefront, StorefrontWeb.Endpoint,
  live_reload: [
    web_console_logger: true,
    patterns: [
      ~r"priv/static/(?!uploads/).*(js|css|png|jpeg|jpg|gif|svg)$",
      ~r"lib/storefront_web/(?:controllers|live|components|router)/?.*\.(ex|heex)$"
    ]
  ]

# Enable dev routes for dashboard
config :storefront, dev_routes: true

# Do not include metadata nor timestamps in development logs
config :logger, :default_formatter, format: "[$level] $message\n"

# Set a higher stacktrace during development.
config :phoenix, :stacktrace_depth, 20

# Initialize plugs at runtime for faster development compilation
config :phoenix, :plug_init_mode, :runtime
