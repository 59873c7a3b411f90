package io.jdesk.protocol.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Checks the generated schema against the spec's field tables (copies of
 * shared/spec/proto-catalog.tsv and proto-enums.tsv in test resources), in both directions:
 * every row of the spec exists with the same number, type, label and oneof, and the schema
 * declares nothing the spec does not list.
 */
class ProtoSchemaTest {

    private static final Map<String, FileDescriptor> FILES =
            Map.of(
                    "rendezvous.proto", RendezvousProto.getDescriptor(),
                    "message.proto", MessageProto.getDescriptor());

    private static final Set<String> SCALARS =
            Set.of(
                    "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64",
                    "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes");

    @Test
    void everyCatalogFieldExistsWithItsNumberTypeAndOneof() throws IOException {
        List<String[]> rows = readTsv("/spec/proto-catalog.tsv");
        assertThat(rows).hasSizeGreaterThan(500);
        List<String> problems = new ArrayList<>();
        for (String[] r : rows) {
            Descriptor message = FILES.get(r[0]).findMessageTypeByName(r[1]);
            if (message == null) {
                problems.add("missing message " + r[0] + " " + r[1]);
                continue;
            }
            if (r[2].equals("-")) {
                if (!message.getFields().isEmpty()) {
                    problems.add(r[1] + " should have no fields");
                }
                continue;
            }
            FieldDescriptor field = message.findFieldByNumber(Integer.parseInt(r[2]));
            if (field == null) {
                problems.add("missing field " + r[1] + "." + r[3] + " = " + r[2]);
                continue;
            }
            String expectedOneof = r.length > 5 && r[5].startsWith("oneof ") ? r[5].substring(6) : null;
            String actualOneof =
                    field.getRealContainingOneof() == null ? null : field.getRealContainingOneof().getName();
            check(problems, r, "name", r[3], field.getName());
            check(problems, r, "type", r[4], typeOf(field));
            check(problems, r, "oneof", String.valueOf(expectedOneof), String.valueOf(actualOneof));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void schemaDeclaresNoFieldOrMessageTheCatalogLacks() throws IOException {
        Set<String> expected = new HashSet<>();
        for (String[] r : readTsv("/spec/proto-catalog.tsv")) {
            expected.add(r[0] + " " + r[1] + " " + r[2]);
        }
        Set<String> extra = new TreeSet<>();
        for (Map.Entry<String, FileDescriptor> file : FILES.entrySet()) {
            for (Descriptor m : file.getValue().getMessageTypes()) {
                assertThat(m.getNestedTypes()).as("nested messages of %s", m.getName()).isEmpty();
                if (m.getFields().isEmpty()) {
                    if (!expected.contains(file.getKey() + " " + m.getName() + " -")) {
                        extra.add(m.getFullName());
                    }
                }
                for (FieldDescriptor f : m.getFields()) {
                    if (!expected.contains(file.getKey() + " " + m.getName() + " " + f.getNumber())) {
                        extra.add(f.getFullName() + " = " + f.getNumber());
                    }
                }
            }
        }
        assertThat(extra).isEmpty();
    }

    @Test
    void everyEnumValueMatchesTheCatalogExactly() throws IOException {
        Set<String> expected = new TreeSet<>();
        for (String[] r : readTsv("/spec/proto-enums.tsv")) {
            expected.add(r[0] + " " + r[1] + " " + r[2] + "=" + r[3]);
        }
        Set<String> actual = new TreeSet<>();
        for (Map.Entry<String, FileDescriptor> file : FILES.entrySet()) {
            for (EnumDescriptor e : file.getValue().getEnumTypes()) {
                addValues(actual, file.getKey(), e.getName(), e);
            }
            for (Descriptor m : file.getValue().getMessageTypes()) {
                for (EnumDescriptor e : m.getEnumTypes()) {
                    addValues(actual, file.getKey(), m.getName() + "." + e.getName(), e);
                }
            }
        }
        assertThat(expected).hasSizeGreaterThan(150);
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void schemaIsPackageHbbProto3() {
        for (FileDescriptor f : FILES.values()) {
            assertThat(f.getPackage()).isEqualTo("hbb");
            assertThat(f.toProto().getSyntax()).isEqualTo("proto3");
            assertThat(f.getDependencies()).isEmpty();
        }
    }

    private static void addValues(Set<String> out, String file, String name, EnumDescriptor e) {
        for (EnumValueDescriptor v : e.getValues()) {
            out.add(file + " " + name + " " + v.getName() + "=" + v.getNumber());
        }
    }

    private static void check(List<String> problems, String[] row, String what, String exp, String act) {
        if (!exp.equals(act)) {
            problems.add(row[1] + "." + row[3] + " " + what + ": expected " + exp + " got " + act);
        }
    }

    /** The type as the catalog writes it: scalar name, short message/enum name, "repeated " prefix. */
    private static String typeOf(FieldDescriptor f) {
        String base;
        switch (f.getJavaType()) {
            case MESSAGE:
                base = f.getMessageType().getName();
                break;
            case ENUM:
                base = f.getEnumType().getName();
                break;
            default:
                base = f.getType().name().toLowerCase(java.util.Locale.ROOT);
        }
        assertThat(f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                        || f.getJavaType() == FieldDescriptor.JavaType.ENUM
                        || SCALARS.contains(base))
                .as("scalar type %s", base)
                .isTrue();
        return f.isRepeated() ? "repeated " + base : base;
    }

    private static List<String[]> readTsv(String resource) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = ProtoSchemaTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t", -1));
                }
            }
        }
        return rows;
    }
}
