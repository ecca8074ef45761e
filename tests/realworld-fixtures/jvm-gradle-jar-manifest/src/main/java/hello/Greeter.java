package hello;

public class Greeter {
    public static void main(String[] args) {
        System.out.println("hello from a plain jar");
    }
}
