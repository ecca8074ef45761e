import io.javalin.Javalin;

public class Greeter {
    public static void main(String[] args) {
        Javalin.create()
            .get("/", ctx -> ctx.result("hello"))
            .start(assignedPort());
    }

    private static int assignedPort() {
        String fromEnv = System.getenv("PORT");
        if (fromEnv != null) {
            return Integer.parseInt(fromEnv);
        }
        return 7071;
    }
}
