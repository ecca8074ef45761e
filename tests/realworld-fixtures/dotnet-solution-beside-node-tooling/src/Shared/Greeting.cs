namespace Shop.Shared;

public static class Greeting
{
    public static string For(string service) => $"hello from {service}";
}
