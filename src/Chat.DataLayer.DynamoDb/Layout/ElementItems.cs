using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Internal;
using Chat.DataLayer.DynamoDb.Serialization;

namespace Chat.DataLayer.DynamoDb.Layout;

/// <summary>The element item (<c>PK=THREAD#{threadId}</c>, <c>SK=ELEMENT#{id}</c>): key, attributes, read and write.</summary>
internal static class ElementItems
{
    public const string Prefix = "ELEMENT#";

    public const string ObjectKey = "objectKey";
    public const string Url = "url";

    public static string Sk(string elementId) => Prefix + elementId;

    public static Dictionary<string, AttributeValue> Key(string threadId, string elementId) =>
        TableKeys.Key(ThreadItems.Pk(threadId), Sk(elementId));

    public static Dictionary<string, AttributeValue> ToItem(Element element)
    {
        var item = Key(element.ThreadId, element.Id);
        item["id"] = new() { S = element.Id };
        item["threadId"] = new() { S = element.ThreadId };
        item["type"] = new() { S = element.Type };
        Add(item, "forId", element.ForId);
        Add(item, "name", element.Name);
        Add(item, "display", element.Display);
        Add(item, "size", element.Size);
        Add(item, "language", element.Language);
        Add(item, "mime", element.Mime);
        Add(item, "chainlitKey", element.ChainlitKey);
        Add(item, Url, element.Url);
        Add(item, ObjectKey, element.ObjectKey);
        if (element.Page is { } page)
        {
            item["page"] = new() { N = page.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        if (element.AutoPlay is { } autoPlay)
        {
            item["autoPlay"] = new() { BOOL = autoPlay };
        }

        if (element.Props is not null)
        {
            item["props"] = JsonAttributeConverter.ToAttributeValue(element.Props, "element.props");
        }

        if (element.PlayerConfig is not null)
        {
            item["playerConfig"] = JsonAttributeConverter.ToAttributeValue(element.PlayerConfig, "element.playerConfig");
        }

        return item;
    }

    public static Element FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        Id = ItemReader.String(item, "id") ?? TableKeys.RemovePrefix(ItemReader.String(item, TableKeys.SortKey), Prefix) ?? "",
        ThreadId = ItemReader.String(item, "threadId") ?? TableKeys.RemovePrefix(ItemReader.String(item, TableKeys.PartitionKey), ThreadItems.Prefix) ?? "",
        ForId = ItemReader.String(item, "forId"),
        Type = ItemReader.String(item, "type") ?? ElementTypes.File,
        Name = ItemReader.String(item, "name"),
        Display = ItemReader.String(item, "display"),
        Size = ItemReader.String(item, "size"),
        Language = ItemReader.String(item, "language"),
        Page = ItemReader.Int(item, "page"),
        Props = ItemReader.Object(item, "props"),
        AutoPlay = ItemReader.Bool(item, "autoPlay"),
        PlayerConfig = ItemReader.Object(item, "playerConfig"),
        Mime = ItemReader.String(item, "mime"),
        ChainlitKey = ItemReader.String(item, "chainlitKey"),
        Url = ItemReader.String(item, Url),
        ObjectKey = ItemReader.String(item, ObjectKey),
    };

    private static void Add(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = new() { S = value };
        }
    }
}
