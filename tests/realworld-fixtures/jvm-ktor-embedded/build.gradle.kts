plugins {
    kotlin("jvm") version "2.1.0"
    application
}

application {
    mainClass.set("demo.ServerKt")
}

repositories {
    mavenCentral()
}

dependencies {
    implementation("io.ktor:ktor-server-netty-jvm:3.0.3")
}
