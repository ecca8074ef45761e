defmodule Worker.MixProject do
  use Mix.Project

  def project do
    [app: :worker, version: "0.1.0", elixir: "~> 1.17", deps: deps(), releases: [worker: []]]
  end

  def application do
    [extra_applications: [:logger], mod: {Worker.Application, []}]
  end

  defp deps do
    [{:ecto_sql, "~> 3.12"}, {:postgrex, ">= 0.19.0"}]
  end
end
