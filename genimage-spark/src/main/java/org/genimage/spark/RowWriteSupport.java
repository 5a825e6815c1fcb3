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
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

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

  /** {@link ScoreRows#SCHEMA} as Parquet types, derived from it so the two cannot drift apart. */
  static final MessageType SCHEMA = parquetSchema(ScoreRows.SCHEMA);

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
    StructField[] fields = ScoreRows.SCHEMA.fields();
    for (int i = 0; i < fields.length; i++) {
      if (row.isNullAt(i)) {
        continue; // an optional column's null is an absent field
      }
      String name = fields[i].name();
      out.startField(name, i);
      DataType type = fields[i].dataType();
      if (type.equals(DataTypes.StringType)) {
        out.addBinary(Binary.fromString(row.getString(i)));
      } else if (type.equals(DataTypes.IntegerType)) {
        out.addInteger(row.getInt(i));
      } else {
        out.addFloat(row.getFloat(i));
      }
      out.endField(name, i);
    }
    out.endMessage();
  }

  /**
   * The Parquet message type Spark writes for a flat schema of strings, ints and floats.
   *
   * @throws IllegalStateException for a column type this writer does not handle
   */
  static MessageType parquetSchema(StructType schema) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (StructField f : schema.fields()) {
      Type.Repetition repetition = f.nullable() ? Type.Repetition.OPTIONAL
          : Type.Repetition.REQUIRED;
      DataType type = f.dataType();
      if (type.equals(DataTypes.StringType)) {
        b.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType())
            .named(f.name());
      } else if (type.equals(DataTypes.IntegerType)) {
        b.primitive(PrimitiveTypeName.INT32, repetition).named(f.name());
      } else if (type.equals(DataTypes.FloatType)) {
        b.primitive(PrimitiveTypeName.FLOAT, repetition).named(f.name());
      } else {
        throw new IllegalStateException("column " + f.name() + " has type " + type
            + ", which the score writer does not handle");
      }
    }
    return b.named("spark_schema");
  }
}
