package org.genimage.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RowWriteSupportTest {
  @Test
  void theScoreFilesParquetSchemaIsTheOneSparksOwnWriterDerives() {
    assertThat(RowWriteSupport.SCHEMA)
        .isEqualTo(new SparkToParquetSchemaConverter(new SQLConf()).convert(ScoreRows.SCHEMA));
  }

  @Test
  void aColumnTypeTheWriterCannotWriteIsRefusedByName() {
    StructType withDouble = new StructType(new StructField[] {
        DataTypes.createStructField("ratio", DataTypes.DoubleType, true)});
    assertThatThrownBy(() -> RowWriteSupport.parquetSchema(withDouble))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ratio");
  }
}
