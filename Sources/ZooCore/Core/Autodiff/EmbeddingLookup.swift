/// How a Variable was made by an embedding lookup: `value[r] = table[rows[r]]` for each row r of
/// the flattened leading axes. A consumer that multiplies the rows by a matrix K can instead
/// multiply the (smaller) table once and gather, and send its gradient to the table directly
/// (`Recurrence` does this for its input projection).
struct EmbeddingLookup {
    /// [V, E]
    let table: Variable
    /// Row of `table` for each output row, in the output's row-major order.
    let rows: [Int]
}
