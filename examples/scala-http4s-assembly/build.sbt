ThisBuild / scalaVersion := "3.3.4"
ThisBuild / version := "0.3.0"

lazy val root = (project in file("."))
  .settings(
    name := "shop",
    Compile / mainClass := Some("shop.Main"),
    assembly / assemblyJarName := "shop-server.jar",
    libraryDependencies ++= Seq(
      "org.http4s" %% "http4s-ember-server" % "0.23.30",
      "org.http4s" %% "http4s-dsl" % "0.23.30"
    ),
    // Netty and friends ship duplicate module-info files; the app needs none of them.
    assembly / assemblyMergeStrategy := {
      case PathList("META-INF", "versions", _, "module-info.class") => MergeStrategy.discard
      case other => (assembly / assemblyMergeStrategy).value(other)
    }
  )
