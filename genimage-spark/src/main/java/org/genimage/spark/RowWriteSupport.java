package org.genimage.spark;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;

/**
 * Writes {@link ScoreRows#SCHEMA} rows to Parquet with extra footer entries. Spark's own writer
 * offers no way to add footer key-value metadata, and parquet-hadoop 1.13 (Spark 3.5's) has no
 * {@code withExtraMetaData} on its writer builder (added later: apache/parquet-java#2861): the {@link
 * WriteContext} a {@link WriteSupport} returns is where its extra metadata goes. The footer also
 * gets Spark's own schema entry, so Spark reads the columns back as {@link ScoreRows#SCHEMA}.
 */
final class RowWriteSupport extends WriteSupport<Row> {
  /** The key under which Spark's writer stores the Catalyst schema as JSON. */
  static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

  static final MessageType SCHEMA = Types.buildMessage()
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("sample_id")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("path")
      .required(PrimitiveTypeName.INT32).named("label")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("generator")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("condition")
      .optional(PrimitiveTypeName.FLOAT).named("score")
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("error")
      .optional(PrimitiveTypeName.INT32).named("width")
      .optional(PrimitiveTypeName.INT32).named("height")
      .named("spark_schema");

  private final Map<String, String> metadata;
  private RecordConsumer out;

  RowWriteSupport(Map<String, String> metadata) {
    this.metadata = new HashMap<>(metadata);
    this.metadata.put(SPARK_SCHEMA_KEY, ScoreRows.SCHEMA.json());
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(SCHEMA, metadata);
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(Row row) {
    out.startMessage();
    string(0, "sample_id", row.getString(0));
    string(1, "path", row.getString(1));
    out.startField("label", 2);
    out.addInteger(row.getInt(2));
    out.endField("label", 2);
    string(3, "generator", row.getString(3));
    string(4, "condition", row.getString(4));
    if (!row.isNullAt(5)) {
      out.startField("score", 5);
      out.addFloat(row.getFloat(5));
      out.endField("score", 5);
    }
    if (!row.isNullAt(6)) {
      string(6, "error", row.getString(6));
    }
    integer(7, "width", row);
    integer(8, "height", row);
    out.endMessage();
  }

  private void integer(int index, String name, Row row) {
    if (!row.isNullAt(index)) {
      out.startField(name, index);
      out.addInteger(row.getInt(index));
      out.endField(name, index);
    }
  }

  private void string(int index, String name, String value) {
    out.startField(name, index);
    out.addBinary(Binary.fromString(value));
    out.endField(name, index);
  }
}
