import Vapor

@main
enum Entrypoint {
    static func main() async throws {
        var env = try Environment.detect()
        try LoggingSystem.bootstrap(from: &env)
        let app = try await Application.make(env)
        app.get { _ in "hello from swift-vapor" }
        try await app.execute()
        try await app.asyncShutdown()
    }
}
