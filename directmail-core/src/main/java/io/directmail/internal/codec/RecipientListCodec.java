package io.directmail.internal.codec;

import io.directmail.EmailAddress;
import io.directmail.list.Recipient;
import io.directmail.list.RecipientList;
import io.directmail.internal.text.VisibleText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bytes of a {@link RecipientList}. A list holds up to 10,000 rows that nearly always share
 * their variable names, so the names are written once, in a header, and each row holds only its
 * address and its values. Format version 1:
 *
 * <pre>
 * u8 1
 * str name
 * i32 column count, each: str variable name (every name any row uses, in order of first use)
 * i32 layout count, each: i32 width, width × i32 column index (the names of a row's
 *     variables, in the row's order; a list made from a CSV file has one layout)
 * i32 row count, each: i32 layout index, address (str local part, str domain),
 *     width × str value (in the layout's order)
 * </pre>
 *
 * <p>Rows follow the header one after another, so a reader can take them one at a time. A row
 * of an address of 20 characters and two short values takes about 60 bytes. Stateless and
 * thread-safe.
 */
public final class RecipientListCodec {
    private static final String KIND = "recipient list";
    private static final int FORMAT = 1;
    /** The fewest bytes a column takes: an empty text. */
    private static final int MIN_COLUMN_BYTES = 4;
    /** The fewest bytes a layout takes: a width of 0. */
    private static final int MIN_LAYOUT_BYTES = 4;
    /** The fewest bytes a row takes: a layout index and two empty texts. */
    private static final int MIN_ROW_BYTES = 12;

    private RecipientListCodec() {
    }

    /**
     * Encodes a list.
     *
     * @param list the list
     * @return its bytes
     * @throws NullPointerException if the list is null
     * @throws IllegalArgumentException if a value holds half of a surrogate pair, which UTF-8
     *     cannot hold; the message names the row and the variable
     */
    public static byte[] encode(RecipientList list) {
        Objects.requireNonNull(list, "list");
        List<Recipient> rows = list.recipients();
        Map<String, Integer> columns = new LinkedHashMap<>();
        Map<List<Integer>, Integer> layouts = new LinkedHashMap<>();
        int[] rowLayouts = new int[rows.size()];
        int expectedSize = 64;
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> variables = rows.get(i).variables();
            List<Integer> layout = new ArrayList<>(variables.size());
            for (Map.Entry<String, String> variable : variables.entrySet()) {
                Integer column = columns.get(variable.getKey());
                if (column == null) {
                    column = columns.size();
                    columns.put(variable.getKey(), column);
                }
                layout.add(column);
                expectedSize += 4 + variable.getValue().length();
            }
            Integer index = layouts.get(layout);
            if (index == null) {
                index = layouts.size();
                layouts.put(layout, index);
            }
            rowLayouts[i] = index;
            expectedSize += 16 + rows.get(i).address().address().length();
        }

        FieldWriter out = new FieldWriter(KIND, FORMAT, expectedSize);
        out.string("name", list.name());
        out.i32(columns.size());
        for (String column : columns.keySet()) {
            out.string("variable name", column);
        }
        out.i32(layouts.size());
        for (List<Integer> layout : layouts.keySet()) {
            out.i32(layout.size());
            for (int column : layout) {
                out.i32(column);
            }
        }
        out.i32(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Recipient row = rows.get(i);
            out.i32(rowLayouts[i]);
            out.address("address of row " + i, row.address());
            for (Map.Entry<String, String> variable : row.variables().entrySet()) {
                out.string("variable " + variable.getKey() + " of row " + i, variable.getValue());
            }
        }
        return out.toByteArray();
    }

    /**
     * Decodes a list.
     *
     * @param bytes bytes from {@link #encode}
     * @return the list
     * @throws NullPointerException if the bytes are null
     * @throws CorruptedRecordException if the bytes are not a list of a format this release reads
     */
    public static RecipientList decode(byte[] bytes) {
        FieldReader in = new FieldReader(KIND, bytes);
        in.expectVersion(FORMAT);
        int start = in.position();
        String name = in.string("name");
        String[] columns = columns(in);
        int[][] layouts = layouts(in, columns.length);
        int rowCount = in.count("row", MIN_ROW_BYTES);
        List<Recipient> rows = new ArrayList<>(rowCount);
        for (int i = 0; i < rowCount; i++) {
            int rowStart = in.position();
            int layoutIndex = in.i32("layout index");
            if (layoutIndex < 0 || layoutIndex >= layouts.length) {
                throw in.corrupted(rowStart, "row " + i + " names layout " + layoutIndex + " of " + layouts.length, null);
            }
            EmailAddress address = in.address("address");
            int[] layout = layouts[layoutIndex];
            Map<String, String> variables = new LinkedHashMap<>(layout.length * 2);
            for (int column : layout) {
                variables.put(columns[column], in.string("value of " + columns[column]));
            }
            rows.add(in.valid(rowStart, "recipient (row " + i + ")", () -> new Recipient(address, variables)));
        }
        in.end();
        return in.valid(start, KIND, () -> new RecipientList(name, rows));
    }

    private static String[] columns(FieldReader in) {
        int count = in.count("column", MIN_COLUMN_BYTES);
        String[] columns = new String[count];
        Map<String, Integer> seen = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            int columnStart = in.position();
            columns[i] = in.string("variable name");
            Integer earlier = seen.putIfAbsent(columns[i], i);
            if (earlier != null) {
                throw in.corrupted(columnStart, "column " + i + " repeats the variable name "
                        + VisibleText.quote(columns[i]) + " of column " + earlier, null);
            }
        }
        return columns;
    }

    private static int[][] layouts(FieldReader in, int columnCount) {
        int count = in.count("layout", MIN_LAYOUT_BYTES);
        int[][] layouts = new int[count][];
        boolean[] used = new boolean[columnCount];
        for (int i = 0; i < count; i++) {
            int width = in.count("layout column", 4);
            int[] layout = new int[width];
            for (int j = 0; j < width; j++) {
                int columnStart = in.position();
                int column = in.i32("column index");
                if (column < 0 || column >= columnCount) {
                    throw in.corrupted(columnStart, "layout " + i + " names column " + column + " of " + columnCount, null);
                }
                if (used[column]) {
                    throw in.corrupted(columnStart, "layout " + i + " names column " + column + " twice", null);
                }
                used[column] = true;
                layout[j] = column;
            }
            for (int column : layout) {
                used[column] = false;
            }
            layouts[i] = layout;
        }
        return layouts;
    }
}
