defmodule Hub.MixProject do
  use Mix.Project

  def project do
    [app: :hub, version: "0.1.0", elixir: "~> 1.17", deps: deps()]
  end

  def application do
    [mod: {Hub.Application, []}, extra_applications: [:logger]]
  end

  defp deps do
    [
      phoenix_dep(),
      {:phoenix_html, "~> 4.1"},
      {:phoenix_live_view, "~> 1.0"},
      {:plug_cowboy, "~> 2.7"},
      {:jason, "~> 1.4"}
    ]
  end

  # The Phoenix version comes from an environment variable in CI.
  defp phoenix_dep, do: {:phoenix, System.get_env("PHOENIX_VERSION", "~> 1.7")}
end
