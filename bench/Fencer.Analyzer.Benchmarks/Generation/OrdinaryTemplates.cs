using System;

namespace Fencer.Analyzer.Benchmarks.Generation;

/// <summary>
/// Ordinary application code with no sharing between threads: data classes with properties, LINQ, string
/// handling, loops, switch statements and async methods — the code NetAnalyzers has work to do on and
/// Fencer should pass over cheaply.
/// </summary>
internal static class OrdinaryTemplates
{
    /// <summary>The share of service classes that have async methods (<c>Task</c>, <c>CancellationToken</c>) — common in today's code.</summary>
    public const double DefaultAsyncShare = 0.25;

    /// <summary>A data class: properties, a constructor, equality and formatting.</summary>
    public static void WriteRecord(SourceWriter w, string name, string kindEnum)
    {
        w.Open($"public sealed class {name}");
        w.Open($"public {name}(string name, string category, int value, {kindEnum} kind)");
        w.Line("Name = name;");
        w.Line("Category = category;");
        w.Line("Value = value;");
        w.Line("Kind = kind;");
        w.Line("Created = DateTime.UtcNow;");
        w.Close();
        w.Blank();
        w.Line("public string Name { get; }");
        w.Line("public string Category { get; set; }");
        w.Line("public int Value { get; set; }");
        w.Line($"public {kindEnum} Kind {{ get; set; }}");
        w.Line("public DateTime Created { get; }");
        w.Line("public string? Notes { get; set; }");
        w.Blank();
        w.Line("public override string ToString() => $\"{Name} ({Category}): {Value}\";");
        w.Blank();
        w.Open("public override bool Equals(object? obj)");
        w.Line($"return obj is {name} other && other.Name == Name && other.Value == Value;");
        w.Close();
        w.Blank();
        w.Line("public override int GetHashCode() => HashCode.Combine(Name, Value);");
        w.Close();
    }

    public static void WriteEnum(SourceWriter w, string name)
    {
        w.Open($"public enum {name}");
        w.Line("None,");
        w.Line("Small,");
        w.Line("Medium,");
        w.Line("Large,");
        w.Line("Huge,");
        w.Close();
    }

    /// <summary>A service class with a random selection of ordinary members; returns whether it got async ones.</summary>
    public static bool WriteService(SourceWriter w, string name, string record, string kindEnum, Random random, double asyncShare)
    {
        var isAsync = random.NextDouble() < asyncShare;
        w.Open($"public class {name}");
        w.Line($"private readonly List<{record}> _items = new List<{record}>();");
        w.Line("private int _version;");
        w.Blank();
        w.Line("public int Count => _items.Count;");
        w.Line("public string Title { get; set; } = string.Empty;");
        w.Blank();
        w.Open($"public void Add({record} item)");
        w.Line("_items.Add(item);");
        w.Line("_version++;");
        w.Close();
        w.Blank();
        var members = 2 + random.Next(4);
        for (var i = 0; i < members; i++)
        {
            switch (random.Next(4))
            {
                case 0: Linq(w, record, i); break;
                case 1: Strings(w, i); break;
                case 2: Switch(w, kindEnum, i); break;
                default: Loops(w, i); break;
            }

            w.Blank();
        }

        if (isAsync)
        {
            Async(w, record, 0);
            if (random.Next(2) == 0)
            {
                w.Blank();
                Async(w, record, 1);
            }
        }

        w.Close();
        return isAsync;
    }

    private static void Linq(SourceWriter w, string record, int i)
    {
        w.Open($"public IReadOnlyList<string> TopNames{i}(int count, int minimum)");
        w.Line("return _items");
        w.Line("    .Where(x => x.Value >= minimum && !string.IsNullOrEmpty(x.Name))");
        w.Line("    .OrderByDescending(x => x.Value)");
        w.Line("    .ThenBy(x => x.Name)");
        w.Line("    .Select(x => x.Name.Trim())");
        w.Line("    .Take(count)");
        w.Line("    .ToList();");
        w.Close();
        w.Blank();
        w.Open($"public Dictionary<string, int> TotalsByCategory{i}()");
        w.Line("var groups = from item in _items");
        w.Line("             where item.Value > 0");
        w.Line("             group item by item.Category into g");
        w.Line("             select new { Category = g.Key, Total = g.Sum(x => x.Value), Count = g.Count() };");
        w.Line("return groups.Where(g => g.Count > 1).ToDictionary(g => g.Category, g => g.Total);");
        w.Close();
        w.Blank();
        w.Line($"public {record}? FirstOf{i}(string category) => _items.FirstOrDefault(x => x.Category == category);");
    }

    private static void Strings(SourceWriter w, int i)
    {
        w.Open($"public string Describe{i}(string input)");
        w.Line("var parts = input.Split(',');");
        w.Line("var builder = new StringBuilder();");
        w.Open("foreach (var part in parts)");
        w.Line("var trimmed = part.Trim();");
        w.Open("if (trimmed.StartsWith(\"#\"))");
        w.Line("continue;");
        w.Close();
        w.Line("builder.Append(trimmed.ToUpper());");
        w.Line("builder.Append(string.Format(\"{0}:{1};\", trimmed.Length, _version));");
        w.Close();
        w.Line("var text = builder.ToString();");
        w.Line("return text.Length > 80 ? text.Substring(0, 80) + \"...\" : text;");
        w.Close();
        w.Blank();
        w.Open($"public int ParseTotal{i}(string line)");
        w.Line("var total = 0;");
        w.Open("foreach (var field in line.Split(';'))");
        w.Open("if (int.TryParse(field, out var value))");
        w.Line("total += value;");
        w.Close();
        w.Open("else if (field.ToLower() == \"max\")");
        w.Line("total = int.MaxValue;");
        w.Close();
        w.Close();
        w.Line("return total;");
        w.Close();
    }

    private static void Switch(SourceWriter w, string kindEnum, int i)
    {
        w.Open($"public int Weight{i}({kindEnum} kind, int baseline)");
        w.Open("switch (kind)");
        w.Line($"case {kindEnum}.None:");
        w.Line("    return 0;");
        w.Line($"case {kindEnum}.Small:");
        w.Line("    return baseline;");
        w.Line($"case {kindEnum}.Medium:");
        w.Line("    return baseline * 2;");
        w.Line($"case {kindEnum}.Large:");
        w.Line("    return baseline * 4 + Title.Length;");
        w.Line("default:");
        w.Line("    throw new ArgumentOutOfRangeException(nameof(kind));");
        w.Close();
        w.Close();
        w.Blank();
        w.Line($"public string Label{i}({kindEnum} kind) => kind switch");
        w.Line("{");
        w.Line($"    {kindEnum}.None => \"none\",");
        w.Line($"    {kindEnum}.Small or {kindEnum}.Medium => \"regular\",");
        w.Line($"    {kindEnum}.Large when _version > 10 => \"large (old)\",");
        w.Line("    _ => \"large\",");
        w.Line("};");
    }

    private static void Loops(SourceWriter w, int i)
    {
        w.Open($"public double Statistics{i}(int[] values)");
        w.Line("if (values == null) throw new ArgumentNullException(nameof(values));");
        w.Line("double sum = 0;");
        w.Line("var max = int.MinValue;");
        w.Open("for (var i = 0; i < values.Length; i++)");
        w.Line("sum += values[i];");
        w.Open("if (values[i] > max)");
        w.Line("max = values[i];");
        w.Close();
        w.Close();
        w.Line("var index = 0;");
        w.Open("while (index < values.Length && values[index] != max)");
        w.Line("index++;");
        w.Close();
        w.Open("try");
        w.Line("return values.Length == 0 ? 0 : sum / values.Length + index;");
        w.Close();
        w.Open("catch (DivideByZeroException)");
        w.Line("return 0;");
        w.Close();
        w.Close();
    }

    private static void Async(SourceWriter w, string record, int i)
    {
        w.Open($"public async Task<int> LoadAsync{i}(string path, CancellationToken cancellationToken)");
        w.Line("var text = await File.ReadAllTextAsync(path, cancellationToken);");
        w.Line("var count = 0;");
        w.Open("foreach (var line in text.Split('\\n'))");
        w.Line("cancellationToken.ThrowIfCancellationRequested();");
        w.Line("var fields = line.Split(',');");
        w.Open("if (fields.Length >= 2 && int.TryParse(fields[1], out var value))");
        w.Line($"Add(new {record}(fields[0], fields.Length > 2 ? fields[2] : \"misc\", value, default));");
        w.Line("count++;");
        w.Close();
        w.Close();
        w.Line("await Task.Delay(1, cancellationToken);");
        w.Line("return count;");
        w.Close();
    }
}
