using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StyleFarm.Client.Tests.Helm;

/// <summary>The stripping the chart tests rely on: what it turns actions into, and the broken templates it lets the parser catch.</summary>
public sealed class TemplateStripperTests
{
    [Fact]
    public void ControlLinesVanishValuesBecomeScalarsAndIncludesBecomePlaceholdersAtTheirIndent()
    {
        const string template = """
            {{- if .Values.on }}
            metadata:
              name: {{ include "x.fullname" . }}-api
              labels:
                {{- include "x.labels" . | nindent 4 }}
                tier: {{ .Values.tier | quote }}
            {{- end }}
            """;

        Assert.Equal("""

            metadata:
              name: x-api
              labels:
                helm-include-1: x
                tier: x

            """, TemplateStripper.Strip(template, "t.yaml"));
    }

    [Fact]
    public void AnIncludeAmongSequenceItemsBecomesASequenceItem()
    {
        const string template = """
            args:
              - --role
              - worker
              {{- include "x.args" . | nindent 2 }}
            """;

        Assert.Equal("args:\n  - --role\n  - worker\n  - helm-include-1", TemplateStripper.Strip(template, "t.yaml"));
    }

    [Fact]
    public void AKeyWrittenInBothBranchesOfAnIfIsADuplicateKey()
    {
        const string template = """
            spec:
            {{- if .Values.gpu }}
              image: a
            {{- else }}
              image: b
            {{- end }}
            """;

        var stream = new YamlStream();
        Assert.ThrowsAny<YamlException>(() => stream.Load(new StringReader(TemplateStripper.Strip(template, "t.yaml"))));
    }

    [Fact]
    public void AMisindentedLineIsNotYaml()
    {
        const string template = """
            spec:
              replicas: {{ .Values.replicas }}
             selector: {}
            """;

        var stream = new YamlStream();
        var error = Assert.ThrowsAny<YamlException>(() => stream.Load(new StringReader(TemplateStripper.Strip(template, "t.yaml"))));
        Assert.Equal(3, error.Start.Line);
    }

    [Fact]
    public void ATrimmingCloseAtTheEndOfALineWithTextIsRefusedWithItsLine()
    {
        var error = Assert.Throws<FormatException>(() => TemplateStripper.Strip("a: 1\nname: {{ .Values.name -}}\nb: 2", "t.yaml"));

        Assert.Equal("t.yaml:2: '-}}' ends a line that has other text, which joins the next line to it; drop the '-'", error.Message);
    }

    [Fact]
    public void CommentsOverSeveralLinesKeepTheLineNumbers()
    {
        Assert.Equal("\n\n\nkind: x", TemplateStripper.Strip("{{/*\n a {{ brace }}\n*/}}\nkind: {{ .Values.kind }}", "t.yaml"));
    }
}
