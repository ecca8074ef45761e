namespace Desk.Core;

/// <summary>What both web apps answer with.</summary>
public static class Greeting
{
    public static string For(string app) => $"hello from dotnet-two-web-apps {app}";
}
