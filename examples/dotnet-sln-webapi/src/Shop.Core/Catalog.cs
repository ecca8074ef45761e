namespace Shop.Core;

public sealed record Product(string Sku, string Name, decimal Price);

public sealed class Catalog
{
    private readonly Dictionary<string, Product> _products = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mug-01"] = new("mug-01", "Enamel mug", 12.50m),
        ["tee-02"] = new("tee-02", "Organic tee", 24.00m),
    };

    public IReadOnlyCollection<Product> All() => _products.Values;

    public Product? Find(string sku) => _products.GetValueOrDefault(sku);
}
