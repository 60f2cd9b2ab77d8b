WITH fac AS (
  SELECT
    "analyte",
    "unit_key",
    "f0",
    "f1",
    "f2",
    "f3"
  FROM (VALUES
    (
      0,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8647,
      CAST('9.99999999' AS DOUBLE),
      CAST('100000.0001' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8784,
      CAST('9.99999999' AS DOUBLE),
      CAST('100000.0001' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8785,
      CAST('9.99999999' AS DOUBLE),
      CAST('100000.0001' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8816,
      CAST('9.999999990000001e-06' AS DOUBLE),
      CAST('0.1000000001' AS DOUBLE),
      CAST(1000000 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8848,
      CAST('0.00999999999' AS DOUBLE),
      CAST('100.0000001' AS DOUBLE),
      CAST(1000 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      8961,
      CAST('0.00999999999' AS DOUBLE),
      CAST('100.0000001' AS DOUBLE),
      CAST(1000 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      9444,
      CAST('0.00999999999' AS DOUBLE),
      CAST('100.0000001' AS DOUBLE),
      CAST(1000 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      0,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8636,
      CAST('4.999999995' AS DOUBLE),
      CAST('70.00000007' AS DOUBLE),
      CAST('0.1' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8713,
      CAST('0.4999999995' AS DOUBLE),
      CAST('7.000000007' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8751,
      CAST('4999.999995' AS DOUBLE),
      CAST('70000.00007' AS DOUBLE),
      CAST('0.0001' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8840,
      CAST('499.9999995' AS DOUBLE),
      CAST('7000.000007' AS DOUBLE),
      CAST('0.001' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      20,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      -1,
      CAST('0.999999999' AS DOUBLE),
      CAST('20000.00002' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8645,
      CAST('0.999999999' AS DOUBLE),
      CAST('20000.00002' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8923,
      CAST('0.999999999' AS DOUBLE),
      CAST('20000.00002' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      16,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      -1,
      CAST('0.999999999' AS DOUBLE),
      CAST('20000.00002' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8645,
      CAST('0.999999999' AS DOUBLE),
      CAST('20000.00002' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8923,
      CAST('0.999999999' AS DOUBLE),
      CAST('20000.00002' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      15,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      -1,
      CAST(0 AS DOUBLE),
      CAST('100.0000001' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8554,
      CAST(0 AS DOUBLE),
      CAST('100.0000001' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      99,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      -1,
      CAST('7.999999992' AS DOUBLE),
      CAST('100.0000001' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      86,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8636,
      CAST('0.01999999998' AS DOUBLE),
      CAST('0.2000000002' AS DOUBLE),
      CAST(100 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8713,
      CAST('0.001999999998' AS DOUBLE),
      CAST('0.020000000020000002' AS DOUBLE),
      CAST(1000 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8749,
      CAST('499.001995508982' AS DOUBLE),
      CAST('4990.0199650698605' AS DOUBLE),
      CAST('0.004008' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8751,
      CAST('19.99999998' AS DOUBLE),
      CAST('200.0000002' AS DOUBLE),
      CAST('0.1' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8753,
      CAST('0.499001995508982' AS DOUBLE),
      CAST('4.99001996506986' AS DOUBLE),
      CAST('4.008' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8840,
      CAST('1.999999998' AS DOUBLE),
      CAST('20.00000002' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      9557,
      CAST('0.998003991017964' AS DOUBLE),
      CAST('9.98003993013972' AS DOUBLE),
      CAST('2.004' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      52,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8636,
      CAST('0.01999999998' AS DOUBLE),
      CAST('0.2000000002' AS DOUBLE),
      CAST(100 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8713,
      CAST('0.001999999998' AS DOUBLE),
      CAST('0.020000000020000002' AS DOUBLE),
      CAST(1000 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8749,
      CAST('499.001995508982' AS DOUBLE),
      CAST('4990.0199650698605' AS DOUBLE),
      CAST('0.004008' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8751,
      CAST('19.99999998' AS DOUBLE),
      CAST('200.0000002' AS DOUBLE),
      CAST('0.1' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8753,
      CAST('0.499001995508982' AS DOUBLE),
      CAST('4.99001996506986' AS DOUBLE),
      CAST('4.008' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8840,
      CAST('1.999999998' AS DOUBLE),
      CAST('20.00000002' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      9557,
      CAST('0.998003991017964' AS DOUBLE),
      CAST('9.98003993013972' AS DOUBLE),
      CAST('2.004' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      54,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8636,
      CAST('0.000999999999' AS DOUBLE),
      CAST('0.25000000025' AS DOUBLE),
      CAST(100 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8713,
      CAST('9.99999999e-05' AS DOUBLE),
      CAST('0.025000000025' AS DOUBLE),
      CAST(1000 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8749,
      CAST('8.84016972241867' AS DOUBLE),
      CAST('2210.0424350247526' AS DOUBLE),
      CAST('0.011312' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8751,
      CAST('0.999999999' AS DOUBLE),
      CAST('250.00000025' AS DOUBLE),
      CAST('0.1' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8753,
      CAST('0.00884016972241867' AS DOUBLE),
      CAST('2.2100424350247523' AS DOUBLE),
      CAST('11.312' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8840,
      CAST('0.09999999990000001' AS DOUBLE),
      CAST('25.000000025' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      9,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      -1,
      CAST('0.999999999' AS DOUBLE),
      CAST('250.00000025' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(1 AS DOUBLE)
    ),
    (
      10,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8795,
      CAST('0.999999999' AS DOUBLE),
      CAST('250.00000025' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(1 AS DOUBLE)
    ),
    (
      10,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      10,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      -1,
      CAST(0 AS DOUBLE),
      CAST('5.000000005' AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      93,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      -1,
      CAST('0.999999999' AS DOUBLE),
      CAST('250.00000025' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(1 AS DOUBLE)
    ),
    (
      11,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8795,
      CAST('0.999999999' AS DOUBLE),
      CAST('250.00000025' AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(1 AS DOUBLE)
    ),
    (
      11,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      11,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8582,
      CAST('19.99999998' AS DOUBLE),
      CAST('250.00000025' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST('0.01' AS DOUBLE)
    ),
    (
      89,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      89,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8636,
      CAST('9.99999999' AS DOUBLE),
      CAST('250.00000025' AS DOUBLE),
      CAST('0.1' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8713,
      CAST('0.999999999' AS DOUBLE),
      CAST('25.000000025' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8749,
      CAST('620.5591231499578' AS DOUBLE),
      CAST('15513.978109776903' AS DOUBLE),
      CAST('0.00161145' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8751,
      CAST('9999.99999' AS DOUBLE),
      CAST('250000.00025' AS DOUBLE),
      CAST('0.0001' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8753,
      CAST('0.6205591231499579' AS DOUBLE),
      CAST('15.513978109776904' AS DOUBLE),
      CAST('1.61145' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8840,
      CAST('999.999999' AS DOUBLE),
      CAST('25000.000025' AS DOUBLE),
      CAST('0.001' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      4,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      -1,
      CAST(0 AS DOUBLE),
      CAST('100.0000001' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      94,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      -1,
      CAST(0 AS DOUBLE),
      CAST('100.0000001' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8554,
      CAST(0 AS DOUBLE),
      CAST('100.0000001' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      97,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8647,
      CAST('999.999999' AS DOUBLE),
      CAST('2000000.002' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8784,
      CAST('999.999999' AS DOUBLE),
      CAST('2000000.002' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8785,
      CAST('999.999999' AS DOUBLE),
      CAST('2000000.002' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8816,
      CAST('0.000999999999' AS DOUBLE),
      CAST('2.000000002' AS DOUBLE),
      CAST(1000000 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8848,
      CAST('0.999999999' AS DOUBLE),
      CAST('2000.000002' AS DOUBLE),
      CAST(1000 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      8961,
      CAST('0.999999999' AS DOUBLE),
      CAST('2000.000002' AS DOUBLE),
      CAST(1000 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      9444,
      CAST('0.999999999' AS DOUBLE),
      CAST('2000.000002' AS DOUBLE),
      CAST(1000 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      3,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      -1,
      CAST(0 AS DOUBLE),
      CAST('100.0000001' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8554,
      CAST(0 AS DOUBLE),
      CAST('100.0000001' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      98,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8636,
      CAST('0.0004999999995' AS DOUBLE),
      CAST('0.5000000005' AS DOUBLE),
      CAST(100 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8713,
      CAST('4.999999995e-05' AS DOUBLE),
      CAST('0.05000000005' AS DOUBLE),
      CAST(1000 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8749,
      CAST('0.8551978919371921' AS DOUBLE),
      CAST('855.1978936475879' AS DOUBLE),
      CAST('0.058466' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8751,
      CAST('0.4999999995' AS DOUBLE),
      CAST('500.0000005' AS DOUBLE),
      CAST('0.1' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8753,
      CAST('0.0008551978919371921' AS DOUBLE),
      CAST('0.8551978936475878' AS DOUBLE),
      CAST('58.466' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8840,
      CAST('0.049999999950000006' AS DOUBLE),
      CAST('50.00000005' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      13,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8647,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8739,
      CAST('0.6613867858932472' AS DOUBLE),
      CAST('881.849049621361' AS DOUBLE),
      CAST('0.45359237' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8784,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8785,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8816,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8848,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      8961,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      9444,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      9529,
      CAST('0.29999999969999996' AS DOUBLE),
      CAST('400.0000004' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      88,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8554,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8582,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8636,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8645,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8647,
      CAST('99.9999999' AS DOUBLE),
      CAST('500000.0005' AS DOUBLE),
      CAST('0.001' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8713,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8739,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8749,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8751,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8753,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8784,
      CAST('99.9999999' AS DOUBLE),
      CAST('500000.0005' AS DOUBLE),
      CAST('0.001' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8785,
      CAST('99.9999999' AS DOUBLE),
      CAST('500000.0005' AS DOUBLE),
      CAST('0.001' AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8795,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8816,
      CAST('9.99999999e-05' AS DOUBLE),
      CAST('0.5000000005' AS DOUBLE),
      CAST(1000 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8840,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8848,
      CAST('0.09999999990000001' AS DOUBLE),
      CAST('500.0000005' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8923,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      8961,
      CAST('0.09999999990000001' AS DOUBLE),
      CAST('500.0000005' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      9444,
      CAST('0.09999999990000001' AS DOUBLE),
      CAST('500.0000005' AS DOUBLE),
      CAST(1 AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      9529,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      9557,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    ),
    (
      2,
      9579,
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE),
      CAST(NULL AS DOUBLE)
    )) AS v(analyte, unit_key, f0, f1, f2, f3)
), res AS (
  SELECT
    *
  FROM (
    SELECT
      "m"."person_id" AS "person_id",
      CASE
        WHEN "m"."measurement_concept_id" IN (3013650, 3017732)
        THEN 0
        WHEN "m"."measurement_concept_id" IN (3024561)
        THEN 20
        WHEN "m"."measurement_concept_id" IN (3006923)
        THEN 16
        WHEN "m"."measurement_concept_id" IN (3013721)
        THEN 15
        WHEN "m"."measurement_concept_id" IN (3016723)
        THEN 9
        WHEN "m"."measurement_concept_id" IN (36305384)
        THEN 93
        WHEN "m"."measurement_concept_id" IN (3036277)
        THEN 89
        WHEN "m"."measurement_concept_id" IN (3000963)
        THEN 4
        WHEN "m"."measurement_concept_id" IN (36303287)
        THEN 94
        WHEN "m"."measurement_concept_id" IN (3007461, 3024929)
        THEN 3
        WHEN "m"."measurement_concept_id" IN (3024128)
        THEN 13
        WHEN "m"."measurement_concept_id" IN (3025315)
        THEN 88
        WHEN "m"."measurement_concept_id" IN (3000905, 3010813)
        THEN 2
        WHEN "m"."measurement_concept_id" IN (3004410, 3004501, 3022192, 3027114, 3037110)
        THEN CAST(NULL AS INT)
        WHEN "m"."measurement_source_value" IN ('26499-4', '751-8')
        THEN 0
        WHEN "m"."measurement_source_value" IN ('1751-7')
        THEN 20
        WHEN "m"."measurement_source_value" IN ('1742-6')
        THEN 16
        WHEN "m"."measurement_source_value" IN ('1920-8')
        THEN 15
        WHEN "m"."measurement_source_value" IN ('26508-2', '764-1')
        THEN 99
        WHEN "m"."measurement_source_value" IN ('39156-5')
        THEN 86
        WHEN "m"."measurement_source_value" IN ('17861-6', '49765-1')
        THEN 52
        WHEN "m"."measurement_source_value" IN ('29265-6')
        THEN 54
        WHEN "m"."measurement_source_value" IN ('2160-0', '38483-4')
        THEN 9
        WHEN "m"."measurement_source_value" IN ('2164-2', '35591-7')
        THEN 10
        WHEN "m"."measurement_source_value" IN ('89247-1')
        THEN 93
        WHEN "m"."measurement_source_value" IN ('33914-3', '48642-3', '48643-1', '62238-1', '98979-8')
        THEN 11
        WHEN "m"."measurement_source_value" IN ('8302-2')
        THEN 89
        WHEN "m"."measurement_source_value" IN ('718-7')
        THEN 4
        WHEN "m"."measurement_source_value" IN ('89243-0')
        THEN 94
        WHEN "m"."measurement_source_value" IN ('23761-0', '26511-6', '770-8')
        THEN 97
        WHEN "m"."measurement_source_value" IN ('26515-7', '777-3')
        THEN 3
        WHEN "m"."measurement_source_value" IN ('26505-8', '769-0')
        THEN 98
        WHEN "m"."measurement_source_value" IN ('1975-2')
        THEN 13
        WHEN "m"."measurement_source_value" IN ('29463-7')
        THEN 88
        WHEN "m"."measurement_source_value" IN ('26464-8', '6690-2')
        THEN 2
      END AS "analyte",
      "m"."measurement_date" AS "d",
      CAST("m"."value_as_number" AS DOUBLE) AS "v",
      COALESCE(NULLIF("m"."unit_concept_id", 0), -1) AS "uk",
      "m"."operator_concept_id" AS "opc",
      CAST("m"."range_low" AS DOUBLE) AS "rlo",
      CAST("m"."range_high" AS DOUBLE) AS "rhi",
      0 AS "src",
      "m"."measurement_id" AS "seq"
    FROM measurement AS m
    WHERE
      "m"."measurement_date" >= CAST('2026-10-04' AS DATE)
      AND "m"."measurement_date" <= CAST('2026-11-01' AS DATE)
      AND NOT "m"."value_as_number" IS NULL
  ) AS measurement_rows
  WHERE
    NOT "analyte" IS NULL
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "o"."person_id" AS "person_id",
      CASE
        WHEN "o"."observation_concept_id" IN (3013650, 3017732)
        THEN 0
        WHEN "o"."observation_concept_id" IN (3024561)
        THEN 20
        WHEN "o"."observation_concept_id" IN (3006923)
        THEN 16
        WHEN "o"."observation_concept_id" IN (3013721)
        THEN 15
        WHEN "o"."observation_concept_id" IN (3016723)
        THEN 9
        WHEN "o"."observation_concept_id" IN (36305384)
        THEN 93
        WHEN "o"."observation_concept_id" IN (3036277)
        THEN 89
        WHEN "o"."observation_concept_id" IN (3000963)
        THEN 4
        WHEN "o"."observation_concept_id" IN (36303287)
        THEN 94
        WHEN "o"."observation_concept_id" IN (3007461, 3024929)
        THEN 3
        WHEN "o"."observation_concept_id" IN (3024128)
        THEN 13
        WHEN "o"."observation_concept_id" IN (3025315)
        THEN 88
        WHEN "o"."observation_concept_id" IN (3000905, 3010813)
        THEN 2
        WHEN "o"."observation_concept_id" IN (3004410, 3004501, 3022192, 3027114, 3037110)
        THEN CAST(NULL AS INT)
        WHEN "o"."observation_source_value" IN ('26499-4', '751-8')
        THEN 0
        WHEN "o"."observation_source_value" IN ('1751-7')
        THEN 20
        WHEN "o"."observation_source_value" IN ('1742-6')
        THEN 16
        WHEN "o"."observation_source_value" IN ('1920-8')
        THEN 15
        WHEN "o"."observation_source_value" IN ('26508-2', '764-1')
        THEN 99
        WHEN "o"."observation_source_value" IN ('39156-5')
        THEN 86
        WHEN "o"."observation_source_value" IN ('17861-6', '49765-1')
        THEN 52
        WHEN "o"."observation_source_value" IN ('29265-6')
        THEN 54
        WHEN "o"."observation_source_value" IN ('2160-0', '38483-4')
        THEN 9
        WHEN "o"."observation_source_value" IN ('2164-2', '35591-7')
        THEN 10
        WHEN "o"."observation_source_value" IN ('89247-1')
        THEN 93
        WHEN "o"."observation_source_value" IN ('33914-3', '48642-3', '48643-1', '62238-1', '98979-8')
        THEN 11
        WHEN "o"."observation_source_value" IN ('8302-2')
        THEN 89
        WHEN "o"."observation_source_value" IN ('718-7')
        THEN 4
        WHEN "o"."observation_source_value" IN ('89243-0')
        THEN 94
        WHEN "o"."observation_source_value" IN ('23761-0', '26511-6', '770-8')
        THEN 97
        WHEN "o"."observation_source_value" IN ('26515-7', '777-3')
        THEN 3
        WHEN "o"."observation_source_value" IN ('26505-8', '769-0')
        THEN 98
        WHEN "o"."observation_source_value" IN ('1975-2')
        THEN 13
        WHEN "o"."observation_source_value" IN ('29463-7')
        THEN 88
        WHEN "o"."observation_source_value" IN ('26464-8', '6690-2')
        THEN 2
      END AS "analyte",
      "o"."observation_date" AS "d",
      CAST("o"."value_as_number" AS DOUBLE) AS "v",
      COALESCE(NULLIF("o"."unit_concept_id", 0), -1) AS "uk",
      CAST(NULL AS INT) AS "opc",
      CAST(NULL AS DOUBLE) AS "rlo",
      CAST(NULL AS DOUBLE) AS "rhi",
      1 AS "src",
      "o"."observation_id" AS "seq"
    FROM observation AS o
    WHERE
      "o"."observation_date" >= CAST('2026-10-04' AS DATE)
      AND "o"."observation_date" <= CAST('2026-11-01' AS DATE)
      AND NOT "o"."value_as_number" IS NULL
  ) AS observation_rows
  WHERE
    NOT "analyte" IS NULL
), ranked AS (
  SELECT
    *,
    LAG("person_id") OVER (PARTITION BY "analyte" ORDER BY "person_id", "d" DESC, "src", "seq") AS "prev_person_id"
  FROM res
), latest AS (
  SELECT
    "r"."person_id",
    "r"."analyte",
    "r"."d",
    "r"."v",
    "r"."opc",
    "r"."rlo",
    "r"."rhi",
    CASE WHEN NOT "f"."analyte" IS NULL THEN 1 END AS "known",
    "f"."f0",
    "f"."f1",
    "f"."f2",
    "f"."f3"
  FROM (
    SELECT
      *
    FROM ranked
    WHERE
      "prev_person_id" IS DISTINCT FROM "person_id"
  ) AS r
  LEFT JOIN fac AS f
    ON "f"."analyte" = "r"."analyte" AND "f"."unit_key" = "r"."uk"
), hcn AS MATERIALIZED (
  SELECT
    "condition_source_value",
    COALESCE(
      (
        STRPOS("k", ' liver metastases ') > 0
        OR STRPOS("k", ' liver metastasis ') > 0
        OR STRPOS("k", ' liver mets ') > 0
        OR STRPOS("k", ' hepatic metastases ') > 0
        OR STRPOS("k", ' hepatic metastasis ') > 0
        OR STRPOS("k", ' hepatic mets ') > 0
        OR STRPOS("k", ' metastatic disease to the liver ') > 0
        OR STRPOS("k", ' metastases to the liver ') > 0
        OR STRPOS("k", ' liver involvement ') > 0
        OR STRPOS("k", ' hepatic involvement ') > 0
      ),
      FALSE
    ) AS "m0",
    COALESCE(
      (
        STRPOS("k", ' pregnancy ') > 0
        OR STRPOS("k", ' pregnant ') > 0
        OR STRPOS("k", ' positive pregnancy test ') > 0
        OR STRPOS("k", ' currently pregnant ') > 0
      ),
      FALSE
    ) AS "m1",
    COALESCE(
      (
        STRPOS("k", ' hepatitis b ') > 0
        OR STRPOS("k", ' hepatitis b infection ') > 0
        OR STRPOS("k", ' hbv ') > 0
        OR STRPOS("k", ' hbv infection ') > 0
        OR STRPOS("k", ' chronic hepatitis b ') > 0
        OR STRPOS("k", ' hbsag positive ') > 0
      ),
      FALSE
    ) AS "m2",
    COALESCE(
      (
        "k" = ' miscarriage '
        OR "k" = ' miscarriage in first trimester '
        OR "k" = ' spontaneous abortion '
        OR "k" = ' induced abortion '
        OR "k" = ' abortion '
        OR "k" = ' termination of pregnancy '
        OR "k" = ' induced termination of pregnancy '
        OR "k" = ' medical termination of pregnancy '
        OR "k" = ' ectopic pregnancy terminated '
        OR "k" = ' delivery '
        OR "k" = ' normal delivery '
        OR "k" = ' childbirth '
        OR "k" = ' live birth '
        OR "k" = ' stillbirth '
        OR "k" = ' caesarean section '
        OR "k" = ' cesarean section '
        OR "k" = ' postpartum state '
        OR "k" = ' puerperal state '
      ),
      FALSE
    ) AS "x0"
  FROM (
    SELECT
      "condition_source_value",
      ' ' || TRIM(
        REGEXP_REPLACE(LOWER(REPLACE("condition_source_value", '’', '''')), '[^\pL\pN_'']+', ' ', 'g')
      ) || ' ' AS "k"
    FROM (
      SELECT DISTINCT
        "condition_source_value"
      FROM condition_occurrence AS t
      WHERE
        NOT "condition_source_value" IS NULL
    ) AS d
  ) AS kd
), hc AS (
  SELECT
    "person_id",
    MAX(
      CASE
        WHEN "m0" AND (
          "s" IS NULL OR "s" <= CAST('2026-11-01' AS DATE)
        )
        THEN 1
      END
    ) AS "x_liver_metastases__ever0",
    MAX(CASE WHEN "u" THEN 1 END) AS "x_liver_metastases__unread1",
    MAX(
      CASE
        WHEN "m1"
        AND (
          "s" IS NULL OR "s" <= CAST('2026-11-01' AS DATE)
        )
        AND (
          "e" IS NULL OR "e" >= CAST('2026-11-01' AS DATE)
        )
        AND (
          NOT "e" IS NULL OR "s" IS NULL OR "s" >= CAST('2026-01-05' AS DATE)
        )
        AND (
          "xe0" IS NULL OR "s" IS NULL OR "xe0" < "s"
        )
        THEN 1
      END
    ) AS "x_pregnancy__current2",
    MAX(CASE WHEN "u" THEN 1 END) AS "x_pregnancy__unread3",
    MAX(
      CASE
        WHEN "m2"
        AND (
          "s" IS NULL OR "s" <= CAST('2026-11-01' AS DATE)
        )
        AND (
          "e" IS NULL OR "e" >= CAST('2026-11-01' AS DATE)
        )
        THEN 1
      END
    ) AS "x_hepatitis_b__current5",
    MAX(CASE WHEN "u" THEN 1 END) AS "x_hepatitis_b__unread6"
  FROM (
    SELECT
      *,
      MAX(CASE WHEN "x0" AND "s" <= CAST('2026-11-01' AS DATE) THEN "s" END) OVER (PARTITION BY "person_id") AS "xe0"
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "h"."person_id",
          "h"."condition_start_date" AS "s",
          "h"."condition_end_date" AS "e",
          CASE
            WHEN COALESCE("h"."condition_concept_id", 0) <> 0
            THEN FALSE
            ELSE COALESCE("n"."m0", FALSE)
          END AS "m0",
          CASE
            WHEN COALESCE("h"."condition_concept_id", 0) <> 0
            THEN FALSE
            ELSE COALESCE("n"."m1", FALSE)
          END AS "m1",
          CASE
            WHEN COALESCE("h"."condition_concept_id", 0) <> 0
            THEN FALSE
            ELSE COALESCE("n"."m2", FALSE)
          END AS "m2",
          COALESCE("n"."x0", FALSE) AS "x0",
          COALESCE("h"."condition_concept_id", 0) <> 0 AS "u"
        FROM condition_occurrence AS h
        LEFT JOIN hcn AS n
          ON "n"."condition_source_value" = "h"."condition_source_value"
      ) AS hf
      WHERE
        "m0" OR "m1" OR "m2" OR "x0" OR "u"
      UNION ALL
      SELECT
        "pr"."person_id",
        "pr"."procedure_date" AS "s",
        "pr"."procedure_date" AS "e",
        FALSE AS "m0",
        FALSE AS "m1",
        FALSE AS "m2",
        "pn"."x0",
        FALSE AS "u"
      FROM procedure_occurrence AS pr
      JOIN (
        SELECT
          "procedure_source_value",
          COALESCE(
            (
              "k" = ' miscarriage '
              OR "k" = ' miscarriage in first trimester '
              OR "k" = ' spontaneous abortion '
              OR "k" = ' induced abortion '
              OR "k" = ' abortion '
              OR "k" = ' termination of pregnancy '
              OR "k" = ' induced termination of pregnancy '
              OR "k" = ' medical termination of pregnancy '
              OR "k" = ' ectopic pregnancy terminated '
              OR "k" = ' delivery '
              OR "k" = ' normal delivery '
              OR "k" = ' childbirth '
              OR "k" = ' live birth '
              OR "k" = ' stillbirth '
              OR "k" = ' caesarean section '
              OR "k" = ' cesarean section '
              OR "k" = ' postpartum state '
              OR "k" = ' puerperal state '
            ),
            FALSE
          ) AS "x0"
        FROM (
          SELECT
            "procedure_source_value",
            ' ' || TRIM(
              REGEXP_REPLACE(LOWER(REPLACE("procedure_source_value", '’', '''')), '[^\pL\pN_'']+', ' ', 'g')
            ) || ' ' AS "k"
          FROM (
            SELECT DISTINCT
              "procedure_source_value"
            FROM procedure_occurrence AS t
            WHERE
              NOT "procedure_source_value" IS NULL
          ) AS d
        ) AS kd
      ) AS pn
        ON "pn"."procedure_source_value" = "pr"."procedure_source_value"
      WHERE
        "pn"."x0"
    ) AS hx
  ) AS hr
  GROUP BY
    "person_id"
), hpn AS MATERIALIZED (
  SELECT
    "procedure_source_value",
    COALESCE(
      (
        STRPOS("k", ' major surgery ') > 0
        OR STRPOS("k", ' prior major surgery ') > 0
        OR STRPOS("k", ' major surgical procedure ') > 0
        OR STRPOS("k", ' surgery ') > 0
      ),
      FALSE
    ) AS "m0"
  FROM (
    SELECT
      "procedure_source_value",
      ' ' || TRIM(
        REGEXP_REPLACE(LOWER(REPLACE("procedure_source_value", '’', '''')), '[^\pL\pN_'']+', ' ', 'g')
      ) || ' ' AS "k"
    FROM (
      SELECT DISTINCT
        "procedure_source_value"
      FROM procedure_occurrence AS t
      WHERE
        NOT "procedure_source_value" IS NULL
    ) AS d
  ) AS kd
), hp AS (
  SELECT
    "person_id",
    MIN(
      CASE
        WHEN "m0"
        AND (
          COALESCE("e", "s") IS NULL OR COALESCE("e", "s") <= CAST('2026-11-01' AS DATE)
        )
        THEN CASE
          WHEN COALESCE("e", "s") IS NULL
          THEN 1
          ELSE CASE WHEN COALESCE("e", "s") <= CAST('2026-10-11' AS DATE) THEN 2 ELSE 0 END
        END
      END
    ) AS "x_major_surgery__since4"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "h"."person_id",
        "h"."procedure_date" AS "s",
        "h"."procedure_date" AS "e",
        COALESCE("n"."m0", FALSE) AS "m0"
      FROM procedure_occurrence AS h
      LEFT JOIN hpn AS n
        ON "n"."procedure_source_value" = "h"."procedure_source_value"
    ) AS hf
    WHERE
      "m0"
  ) AS hr
  GROUP BY
    "person_id"
), base AS (
  SELECT
    "p"."person_id",
    "p"."gender_concept_id",
    "p"."year_of_birth",
    "p"."month_of_birth",
    "p"."day_of_birth",
    "l0"."d" AS "x_absolute_neutrophil_count__d",
    "l0"."v" AS "x_absolute_neutrophil_count__v",
    "l0"."opc" AS "x_absolute_neutrophil_count__opc",
    "l0"."known" AS "x_absolute_neutrophil_count__known",
    "l0"."f0" AS "x_absolute_neutrophil_count__f0",
    "l0"."f1" AS "x_absolute_neutrophil_count__f1",
    "l0"."f2" AS "x_absolute_neutrophil_count__f2",
    "l1"."d" AS "x_albumin__d",
    "l1"."v" AS "x_albumin__v",
    "l1"."opc" AS "x_albumin__opc",
    "l1"."rlo" AS "x_albumin__rlo",
    "l1"."rhi" AS "x_albumin__rhi",
    "l1"."known" AS "x_albumin__known",
    "l1"."f0" AS "x_albumin__f0",
    "l1"."f1" AS "x_albumin__f1",
    "l1"."f2" AS "x_albumin__f2",
    "l2"."d" AS "x_alt__d",
    "l2"."v" AS "x_alt__v",
    "l2"."opc" AS "x_alt__opc",
    "l2"."rhi" AS "x_alt__rhi",
    "l2"."known" AS "x_alt__known",
    "l2"."f0" AS "x_alt__f0",
    "l2"."f1" AS "x_alt__f1",
    "l2"."f2" AS "x_alt__f2",
    "l3"."d" AS "x_ast__d",
    "l3"."v" AS "x_ast__v",
    "l3"."opc" AS "x_ast__opc",
    "l3"."rhi" AS "x_ast__rhi",
    "l3"."known" AS "x_ast__known",
    "l3"."f0" AS "x_ast__f0",
    "l3"."f1" AS "x_ast__f1",
    "l3"."f2" AS "x_ast__f2",
    "l4"."d" AS "x_band_neutrophil_percentage__d",
    "l4"."v" AS "x_band_neutrophil_percentage__v",
    "l4"."opc" AS "x_band_neutrophil_percentage__opc",
    "l4"."known" AS "x_band_neutrophil_percentage__known",
    "l4"."f0" AS "x_band_neutrophil_percentage__f0",
    "l4"."f1" AS "x_band_neutrophil_percentage__f1",
    "l4"."f2" AS "x_band_neutrophil_percentage__f2",
    "l5"."d" AS "x_bmi__d",
    "l5"."v" AS "x_bmi__v",
    "l5"."opc" AS "x_bmi__opc",
    "l5"."known" AS "x_bmi__known",
    "l5"."f0" AS "x_bmi__f0",
    "l5"."f1" AS "x_bmi__f1",
    "l5"."f2" AS "x_bmi__f2",
    "l6"."d" AS "x_calcium__d",
    "l6"."v" AS "x_calcium__v",
    "l6"."opc" AS "x_calcium__opc",
    "l6"."known" AS "x_calcium__known",
    "l6"."f0" AS "x_calcium__f0",
    "l6"."f1" AS "x_calcium__f1",
    "l6"."f2" AS "x_calcium__f2",
    "l7"."d" AS "x_corrected_calcium__d",
    "l7"."v" AS "x_corrected_calcium__v",
    "l7"."opc" AS "x_corrected_calcium__opc",
    "l7"."known" AS "x_corrected_calcium__known",
    "l7"."f0" AS "x_corrected_calcium__f0",
    "l7"."f1" AS "x_corrected_calcium__f1",
    "l7"."f2" AS "x_corrected_calcium__f2",
    "l8"."d" AS "x_creatinine__d",
    "l8"."v" AS "x_creatinine__v",
    "l8"."opc" AS "x_creatinine__opc",
    "l8"."rhi" AS "x_creatinine__rhi",
    "l8"."known" AS "x_creatinine__known",
    "l8"."f0" AS "x_creatinine__f0",
    "l8"."f1" AS "x_creatinine__f1",
    "l8"."f2" AS "x_creatinine__f2",
    "l9"."d" AS "x_creatinine_clearance__d",
    "l9"."v" AS "x_creatinine_clearance__v",
    "l9"."opc" AS "x_creatinine_clearance__opc",
    "l9"."known" AS "x_creatinine_clearance__known",
    "l9"."f0" AS "x_creatinine_clearance__f0",
    "l9"."f1" AS "x_creatinine_clearance__f1",
    "l9"."f2" AS "x_creatinine_clearance__f2",
    "l9"."f3" AS "x_creatinine_clearance__f3",
    "l10"."d" AS "x_ecog__d",
    "l10"."v" AS "x_ecog__v",
    "l10"."opc" AS "x_ecog__opc",
    "l10"."known" AS "x_ecog__known",
    "l10"."f0" AS "x_ecog__f0",
    "l10"."f1" AS "x_ecog__f1",
    "l11"."d" AS "x_egfr__d",
    "l11"."v" AS "x_egfr__v",
    "l11"."opc" AS "x_egfr__opc",
    "l11"."known" AS "x_egfr__known",
    "l11"."f0" AS "x_egfr__f0",
    "l11"."f1" AS "x_egfr__f1",
    "l11"."f2" AS "x_egfr__f2",
    "l11"."f3" AS "x_egfr__f3",
    "l12"."d" AS "x_height__d",
    "l12"."v" AS "x_height__v",
    "l12"."opc" AS "x_height__opc",
    "l12"."known" AS "x_height__known",
    "l12"."f0" AS "x_height__f0",
    "l12"."f1" AS "x_height__f1",
    "l12"."f2" AS "x_height__f2",
    "l12"."f3" AS "x_height__f3",
    "l13"."d" AS "x_hemoglobin__d",
    "l13"."v" AS "x_hemoglobin__v",
    "l13"."opc" AS "x_hemoglobin__opc",
    "l13"."known" AS "x_hemoglobin__known",
    "l13"."f0" AS "x_hemoglobin__f0",
    "l13"."f1" AS "x_hemoglobin__f1",
    "l13"."f2" AS "x_hemoglobin__f2",
    "l14"."d" AS "x_karnofsky__d",
    "l14"."v" AS "x_karnofsky__v",
    "l14"."opc" AS "x_karnofsky__opc",
    "l14"."known" AS "x_karnofsky__known",
    "l14"."f0" AS "x_karnofsky__f0",
    "l14"."f1" AS "x_karnofsky__f1",
    "l14"."f2" AS "x_karnofsky__f2",
    "l15"."d" AS "x_neutrophil_percentage__d",
    "l15"."v" AS "x_neutrophil_percentage__v",
    "l15"."opc" AS "x_neutrophil_percentage__opc",
    "l15"."known" AS "x_neutrophil_percentage__known",
    "l15"."f0" AS "x_neutrophil_percentage__f0",
    "l15"."f1" AS "x_neutrophil_percentage__f1",
    "l15"."f2" AS "x_neutrophil_percentage__f2",
    "l16"."d" AS "x_platelets__d",
    "l16"."v" AS "x_platelets__v",
    "l16"."opc" AS "x_platelets__opc",
    "l16"."known" AS "x_platelets__known",
    "l16"."f0" AS "x_platelets__f0",
    "l16"."f1" AS "x_platelets__f1",
    "l16"."f2" AS "x_platelets__f2",
    "l17"."d" AS "x_segmented_neutrophil_percentage__d",
    "l17"."v" AS "x_segmented_neutrophil_percentage__v",
    "l17"."opc" AS "x_segmented_neutrophil_percentage__opc",
    "l17"."known" AS "x_segmented_neutrophil_percentage__known",
    "l17"."f0" AS "x_segmented_neutrophil_percentage__f0",
    "l17"."f1" AS "x_segmented_neutrophil_percentage__f1",
    "l17"."f2" AS "x_segmented_neutrophil_percentage__f2",
    "l18"."d" AS "x_total_bilirubin__d",
    "l18"."v" AS "x_total_bilirubin__v",
    "l18"."opc" AS "x_total_bilirubin__opc",
    "l18"."rhi" AS "x_total_bilirubin__rhi",
    "l18"."known" AS "x_total_bilirubin__known",
    "l18"."f0" AS "x_total_bilirubin__f0",
    "l18"."f1" AS "x_total_bilirubin__f1",
    "l18"."f2" AS "x_total_bilirubin__f2",
    "l19"."d" AS "x_weight__d",
    "l19"."v" AS "x_weight__v",
    "l19"."opc" AS "x_weight__opc",
    "l19"."known" AS "x_weight__known",
    "l19"."f0" AS "x_weight__f0",
    "l19"."f1" AS "x_weight__f1",
    "l19"."f2" AS "x_weight__f2",
    "l20"."d" AS "x_white_blood_cell_count__d",
    "l20"."v" AS "x_white_blood_cell_count__v",
    "l20"."opc" AS "x_white_blood_cell_count__opc",
    "l20"."known" AS "x_white_blood_cell_count__known",
    "l20"."f0" AS "x_white_blood_cell_count__f0",
    "l20"."f1" AS "x_white_blood_cell_count__f1",
    "l20"."f2" AS "x_white_blood_cell_count__f2",
    "hc"."x_liver_metastases__ever0",
    "hc"."x_liver_metastases__unread1",
    "hc"."x_pregnancy__current2",
    "hc"."x_pregnancy__unread3",
    "hc"."x_hepatitis_b__current5",
    "hc"."x_hepatitis_b__unread6",
    "hp"."x_major_surgery__since4"
  FROM (
    SELECT
      "person_id",
      CASE
        WHEN MIN("gender_concept_id") = MAX("gender_concept_id")
        AND COUNT("gender_concept_id") = COUNT(*)
        THEN MIN("gender_concept_id")
      END AS "gender_concept_id",
      CASE
        WHEN MIN("year_of_birth") = MAX("year_of_birth") AND COUNT("year_of_birth") = COUNT(*)
        THEN MIN("year_of_birth")
      END AS "year_of_birth",
      CASE
        WHEN MIN("month_of_birth") = MAX("month_of_birth")
        AND COUNT("month_of_birth") = COUNT(*)
        THEN MIN("month_of_birth")
      END AS "month_of_birth",
      CASE
        WHEN MIN("day_of_birth") = MAX("day_of_birth") AND COUNT("day_of_birth") = COUNT(*)
        THEN MIN("day_of_birth")
      END AS "day_of_birth"
    FROM person AS pr
    WHERE
      NOT "person_id" IS NULL
    GROUP BY
      "person_id"
  ) AS p
  LEFT JOIN latest AS l0
    ON "l0"."person_id" = "p"."person_id" AND "l0"."analyte" = 0
  LEFT JOIN latest AS l1
    ON "l1"."person_id" = "p"."person_id" AND "l1"."analyte" = 20
  LEFT JOIN latest AS l2
    ON "l2"."person_id" = "p"."person_id" AND "l2"."analyte" = 16
  LEFT JOIN latest AS l3
    ON "l3"."person_id" = "p"."person_id" AND "l3"."analyte" = 15
  LEFT JOIN latest AS l4
    ON "l4"."person_id" = "p"."person_id" AND "l4"."analyte" = 99
  LEFT JOIN latest AS l5
    ON "l5"."person_id" = "p"."person_id" AND "l5"."analyte" = 86
  LEFT JOIN latest AS l6
    ON "l6"."person_id" = "p"."person_id" AND "l6"."analyte" = 52
  LEFT JOIN latest AS l7
    ON "l7"."person_id" = "p"."person_id" AND "l7"."analyte" = 54
  LEFT JOIN latest AS l8
    ON "l8"."person_id" = "p"."person_id" AND "l8"."analyte" = 9
  LEFT JOIN latest AS l9
    ON "l9"."person_id" = "p"."person_id" AND "l9"."analyte" = 10
  LEFT JOIN latest AS l10
    ON "l10"."person_id" = "p"."person_id" AND "l10"."analyte" = 93
  LEFT JOIN latest AS l11
    ON "l11"."person_id" = "p"."person_id" AND "l11"."analyte" = 11
  LEFT JOIN latest AS l12
    ON "l12"."person_id" = "p"."person_id" AND "l12"."analyte" = 89
  LEFT JOIN latest AS l13
    ON "l13"."person_id" = "p"."person_id" AND "l13"."analyte" = 4
  LEFT JOIN latest AS l14
    ON "l14"."person_id" = "p"."person_id" AND "l14"."analyte" = 94
  LEFT JOIN latest AS l15
    ON "l15"."person_id" = "p"."person_id" AND "l15"."analyte" = 97
  LEFT JOIN latest AS l16
    ON "l16"."person_id" = "p"."person_id" AND "l16"."analyte" = 3
  LEFT JOIN latest AS l17
    ON "l17"."person_id" = "p"."person_id" AND "l17"."analyte" = 98
  LEFT JOIN latest AS l18
    ON "l18"."person_id" = "p"."person_id" AND "l18"."analyte" = 13
  LEFT JOIN latest AS l19
    ON "l19"."person_id" = "p"."person_id" AND "l19"."analyte" = 88
  LEFT JOIN latest AS l20
    ON "l20"."person_id" = "p"."person_id" AND "l20"."analyte" = 2
  LEFT JOIN hc AS hc
    ON "hc"."person_id" = "p"."person_id"
  LEFT JOIN hp AS hp
    ON "hp"."person_id" = "p"."person_id"
), ok1 AS (
  SELECT
    *,
    COALESCE(
      "year_of_birth" BETWEEN 1 AND 9999
      AND "month_of_birth" BETWEEN 1 AND 12
      AND "day_of_birth" BETWEEN 1 AND CASE
        WHEN "month_of_birth" IN (1, 3, 5, 7, 8, 10, 12)
        THEN 31
        WHEN "month_of_birth" IN (4, 6, 9, 11)
        THEN 30
        WHEN (
          "year_of_birth" % 4 = 0 AND "year_of_birth" % 100 <> 0
        )
        OR "year_of_birth" % 400 = 0
        THEN 29
        ELSE 28
      END,
      FALSE
    ) AS "s0_ok",
    COALESCE(
      "x_platelets__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_platelets__known" IS NULL
      AND (
        COALESCE("x_platelets__v" >= "x_platelets__f0", TRUE)
        AND COALESCE("x_platelets__v" <= "x_platelets__f1", TRUE)
      ),
      FALSE
    ) AS "s1_ok",
    COALESCE(
      "x_hemoglobin__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_hemoglobin__known" IS NULL
      AND (
        COALESCE("x_hemoglobin__v" >= "x_hemoglobin__f0", TRUE)
        AND COALESCE("x_hemoglobin__v" <= "x_hemoglobin__f1", TRUE)
      ),
      FALSE
    ) AS "s2_ok",
    COALESCE(
      "x_total_bilirubin__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_total_bilirubin__known" IS NULL
      AND (
        COALESCE("x_total_bilirubin__v" >= "x_total_bilirubin__f0", TRUE)
        AND COALESCE("x_total_bilirubin__v" <= "x_total_bilirubin__f1", TRUE)
      ),
      FALSE
    ) AS "s3_ok",
    COALESCE(
      "x_ast__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_ast__known" IS NULL
      AND (
        COALESCE("x_ast__v" >= "x_ast__f0", TRUE)
        AND COALESCE("x_ast__v" <= "x_ast__f1", TRUE)
      ),
      FALSE
    ) AS "s4_ok",
    COALESCE(
      "x_alt__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_alt__known" IS NULL
      AND (
        COALESCE("x_alt__v" >= "x_alt__f0", TRUE)
        AND COALESCE("x_alt__v" <= "x_alt__f1", TRUE)
      ),
      FALSE
    ) AS "s5_ok",
    COALESCE(
      "x_creatinine__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_creatinine__known" IS NULL
      AND (
        COALESCE("x_creatinine__v" >= "x_creatinine__f0", TRUE)
        AND COALESCE("x_creatinine__v" <= "x_creatinine__f1", TRUE)
      ),
      FALSE
    ) AS "s6_ok",
    COALESCE(
      "x_creatinine_clearance__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_creatinine_clearance__known" IS NULL
      AND (
        COALESCE("x_creatinine_clearance__v" >= "x_creatinine_clearance__f0", TRUE)
        AND COALESCE("x_creatinine_clearance__v" <= "x_creatinine_clearance__f1", TRUE)
      ),
      FALSE
    ) AS "s7_ok",
    COALESCE(
      "x_weight__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_weight__known" IS NULL
      AND (
        COALESCE("x_weight__v" >= "x_weight__f0", TRUE)
        AND COALESCE("x_weight__v" <= "x_weight__f1", TRUE)
      ),
      FALSE
    ) AS "s8_ok",
    COALESCE(
      "x_height__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_height__known" IS NULL
      AND (
        COALESCE("x_height__v" >= "x_height__f0", TRUE)
        AND COALESCE("x_height__v" <= "x_height__f1", TRUE)
      ),
      FALSE
    ) AS "s10_ok",
    COALESCE(
      "x_egfr__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_egfr__known" IS NULL
      AND (
        COALESCE("x_egfr__v" >= "x_egfr__f0", TRUE)
        AND COALESCE("x_egfr__v" <= "x_egfr__f1", TRUE)
      ),
      FALSE
    ) AS "s12_ok",
    COALESCE(
      "x_absolute_neutrophil_count__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_absolute_neutrophil_count__known" IS NULL
      AND (
        COALESCE("x_absolute_neutrophil_count__v" >= "x_absolute_neutrophil_count__f0", TRUE)
        AND COALESCE("x_absolute_neutrophil_count__v" <= "x_absolute_neutrophil_count__f1", TRUE)
      ),
      FALSE
    ) AS "s14_ok",
    COALESCE(
      "x_white_blood_cell_count__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_white_blood_cell_count__known" IS NULL
      AND (
        COALESCE("x_white_blood_cell_count__v" >= "x_white_blood_cell_count__f0", TRUE)
        AND COALESCE("x_white_blood_cell_count__v" <= "x_white_blood_cell_count__f1", TRUE)
      ),
      FALSE
    ) AS "s15_ok",
    COALESCE(
      "x_segmented_neutrophil_percentage__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_segmented_neutrophil_percentage__known" IS NULL
      AND (
        COALESCE(
          "x_segmented_neutrophil_percentage__v" >= "x_segmented_neutrophil_percentage__f0",
          TRUE
        )
        AND COALESCE(
          "x_segmented_neutrophil_percentage__v" <= "x_segmented_neutrophil_percentage__f1",
          TRUE
        )
      ),
      FALSE
    ) AS "s16_ok",
    COALESCE(
      "x_band_neutrophil_percentage__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_band_neutrophil_percentage__known" IS NULL
      AND (
        COALESCE("x_band_neutrophil_percentage__v" >= "x_band_neutrophil_percentage__f0", TRUE)
        AND COALESCE("x_band_neutrophil_percentage__v" <= "x_band_neutrophil_percentage__f1", TRUE)
      ),
      FALSE
    ) AS "s17_ok",
    COALESCE(
      "x_neutrophil_percentage__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_neutrophil_percentage__known" IS NULL
      AND (
        COALESCE("x_neutrophil_percentage__v" >= "x_neutrophil_percentage__f0", TRUE)
        AND COALESCE("x_neutrophil_percentage__v" <= "x_neutrophil_percentage__f1", TRUE)
      ),
      FALSE
    ) AS "s18_ok",
    COALESCE(
      "x_corrected_calcium__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_corrected_calcium__known" IS NULL
      AND (
        COALESCE("x_corrected_calcium__v" >= "x_corrected_calcium__f0", TRUE)
        AND COALESCE("x_corrected_calcium__v" <= "x_corrected_calcium__f1", TRUE)
      ),
      FALSE
    ) AS "s20_ok",
    COALESCE(
      "x_calcium__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_calcium__known" IS NULL
      AND (
        COALESCE("x_calcium__v" >= "x_calcium__f0", TRUE)
        AND COALESCE("x_calcium__v" <= "x_calcium__f1", TRUE)
      ),
      FALSE
    ) AS "s21_ok",
    COALESCE(
      "x_albumin__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_albumin__known" IS NULL
      AND (
        COALESCE("x_albumin__v" >= "x_albumin__f0", TRUE)
        AND COALESCE("x_albumin__v" <= "x_albumin__f1", TRUE)
      ),
      FALSE
    ) AS "s22_ok",
    COALESCE(
      "x_bmi__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_bmi__known" IS NULL
      AND (
        COALESCE("x_bmi__v" >= "x_bmi__f0", TRUE)
        AND COALESCE("x_bmi__v" <= "x_bmi__f1", TRUE)
      ),
      FALSE
    ) AS "s24_ok",
    COALESCE(
      "x_ecog__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_ecog__known" IS NULL
      AND (
        COALESCE("x_ecog__v" >= "x_ecog__f0", TRUE)
        AND COALESCE("x_ecog__v" <= "x_ecog__f1", TRUE)
      ),
      FALSE
    ) AS "s26_ok",
    COALESCE(
      "x_karnofsky__d" >= CAST('2026-10-04' AS DATE)
      AND NOT "x_karnofsky__known" IS NULL
      AND (
        COALESCE("x_karnofsky__v" >= "x_karnofsky__f0", TRUE)
        AND COALESCE("x_karnofsky__v" <= "x_karnofsky__f1", TRUE)
      ),
      FALSE
    ) AS "s27_ok"
  FROM base
), src1 AS (
  SELECT
    *,
    0 AS "s0_why",
    CASE
      WHEN "s0_ok"
      THEN FLOOR(
        CAST((
          (
            (
              2026 - "year_of_birth"
            ) * 12
          ) + (
            11 - "month_of_birth"
          )
        ) - CASE WHEN 1 < "day_of_birth" THEN 1 ELSE 0 END AS DOUBLE) / 12
      )
    END AS "s0_low",
    FALSE AS "s0_high_open",
    CASE
      WHEN "x_platelets__d" >= CAST('2026-10-04' AS DATE)
      AND NOT (
        COALESCE("x_platelets__v" >= "x_platelets__f0", TRUE)
        AND COALESCE("x_platelets__v" <= "x_platelets__f1", TRUE)
      )
      THEN 3
      WHEN "x_platelets__d" >= CAST('2026-10-04' AS DATE)
      THEN 1
      ELSE 0
    END AS "s1_why",
    CASE
      WHEN "s1_ok"
      THEN CASE
        WHEN "x_platelets__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_platelets__v"
      END
    END AS "s1_low",
    CASE
      WHEN "s1_ok"
      THEN CASE
        WHEN "x_platelets__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_platelets__v"
      END
    END AS "s1_high",
    COALESCE("x_platelets__opc" IN (4171756), FALSE) AS "s1_high_open",
    CASE
      WHEN "x_hemoglobin__d" >= CAST('2026-10-04' AS DATE)
      AND NOT (
        COALESCE("x_hemoglobin__v" >= "x_hemoglobin__f0", TRUE)
        AND COALESCE("x_hemoglobin__v" <= "x_hemoglobin__f1", TRUE)
      )
      THEN 3
      WHEN "x_hemoglobin__d" >= CAST('2026-10-04' AS DATE)
      THEN 1
      ELSE 0
    END AS "s2_why",
    CASE
      WHEN "s2_ok"
      THEN CASE
        WHEN "x_hemoglobin__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_hemoglobin__v"
      END
    END AS "s2_low",
    CASE
      WHEN "s2_ok"
      THEN CASE
        WHEN "x_hemoglobin__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_hemoglobin__v"
      END
    END AS "s2_high",
    COALESCE("x_hemoglobin__opc" IN (4172704), FALSE) AS "s2_low_open",
    COALESCE("x_hemoglobin__opc" IN (4171756), FALSE) AS "s2_high_open",
    CASE
      WHEN "x_total_bilirubin__d" >= CAST('2026-10-04' AS DATE)
      AND NOT (
        COALESCE("x_total_bilirubin__v" >= "x_total_bilirubin__f0", TRUE)
        AND COALESCE("x_total_bilirubin__v" <= "x_total_bilirubin__f1", TRUE)
      )
      THEN 3
      WHEN "x_total_bilirubin__d" >= CAST('2026-10-04' AS DATE)
      THEN 1
      ELSE 0
    END AS "s3_why",
    CASE
      WHEN "s3_ok"
      THEN CASE
        WHEN "x_total_bilirubin__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_total_bilirubin__v"
      END
    END AS "s3_low",
    CASE
      WHEN "s3_ok"
      THEN CASE
        WHEN "x_total_bilirubin__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_total_bilirubin__v"
      END
    END AS "s3_high",
    COALESCE("x_total_bilirubin__opc" IN (4172704), FALSE) AS "s3_low_open",
    CASE WHEN "s3_ok" THEN "x_total_bilirubin__rhi" END AS "s3_own_high",
    CASE
      WHEN "x_ast__d" >= CAST('2026-10-04' AS DATE)
      AND NOT (
        COALESCE("x_ast__v" >= "x_ast__f0", TRUE)
        AND COALESCE("x_ast__v" <= "x_ast__f1", TRUE)
      )
      THEN 3
      WHEN "x_ast__d" >= CAST('2026-10-04' AS DATE)
      THEN 1
      ELSE 0
    END AS "s4_why",
    CASE
      WHEN "s4_ok"
      THEN CASE
        WHEN "x_ast__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_ast__v"
      END
    END AS "s4_low",
    CASE
      WHEN "s4_ok"
      THEN CASE
        WHEN "x_ast__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_ast__v"
      END
    END AS "s4_high",
    COALESCE("x_ast__opc" IN (4172704), FALSE) AS "s4_low_open",
    CASE WHEN "s4_ok" THEN "x_ast__rhi" END AS "s4_own_high",
    CASE
      WHEN "x_alt__d" >= CAST('2026-10-04' AS DATE)
      AND NOT (
        COALESCE("x_alt__v" >= "x_alt__f0", TRUE)
        AND COALESCE("x_alt__v" <= "x_alt__f1", TRUE)
      )
      THEN 3
      WHEN "x_alt__d" >= CAST('2026-10-04' AS DATE)
      THEN 1
      ELSE 0
    END AS "s5_why",
    CASE
      WHEN "s5_ok"
      THEN CASE
        WHEN "x_alt__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_alt__v"
      END
    END AS "s5_low",
    CASE
      WHEN "s5_ok"
      THEN CASE
        WHEN "x_alt__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_alt__v"
      END
    END AS "s5_high",
    COALESCE("x_alt__opc" IN (4172704), FALSE) AS "s5_low_open",
    CASE WHEN "s5_ok" THEN "x_alt__rhi" END AS "s5_own_high",
    CASE
      WHEN "x_creatinine__d" >= CAST('2026-10-04' AS DATE)
      AND NOT (
        COALESCE("x_creatinine__v" >= "x_creatinine__f0", TRUE)
        AND COALESCE("x_creatinine__v" <= "x_creatinine__f1", TRUE)
      )
      THEN 3
      WHEN "x_creatinine__d" >= CAST('2026-10-04' AS DATE)
      THEN 1
      ELSE 0
    END AS "s6_why",
    CASE
      WHEN "s6_ok"
      THEN CASE
        WHEN "x_creatinine__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_creatinine__v"
      END
    END AS "s6_low",
    CASE
      WHEN "s6_ok"
      THEN CASE
        WHEN "x_creatinine__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_creatinine__v"
      END
    END AS "s6_high",
    COALESCE("x_creatinine__opc" IN (4172704), FALSE) AS "s6_low_open",
    CASE WHEN "s6_ok" THEN "x_creatinine__rhi" END AS "s6_own_high",
    CASE
      WHEN "x_creatinine_clearance__d" >= CAST('2026-10-04' AS DATE)
      AND NOT (
        COALESCE("x_creatinine_clearance__v" >= "x_creatinine_clearance__f0", TRUE)
        AND COALESCE("x_creatinine_clearance__v" <= "x_creatinine_clearance__f1", TRUE)
      )
      THEN 3
      WHEN "x_creatinine_clearance__d" >= CAST('2026-10-04' AS DATE)
      THEN 1
      ELSE 0
    END AS "s7_why",
    CASE
      WHEN "s7_ok"
      THEN CASE
        WHEN "x_creatinine_clearance__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_creatinine_clearance__v"
      END
    END AS "s7_low",
    CASE
      WHEN "s7_ok"
      THEN CASE
        WHEN "x_creatinine_clearance__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_creatinine_clearance__v"
      END
    END AS "s7_high",
    COALESCE("x_creatinine_clearance__opc" IN (4171756), FALSE) AS "s7_high_open",
    CASE
      WHEN "s8_ok"
      THEN CASE
        WHEN "x_weight__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_weight__v"
      END
    END AS "s8_low",
    CASE
      WHEN "s8_ok"
      THEN CASE
        WHEN "x_weight__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_weight__v"
      END
    END AS "s8_high",
    COALESCE("x_weight__opc" IN (4172704), FALSE) AS "s8_low_open",
    COALESCE("x_weight__opc" IN (4171756), FALSE) AS "s8_high_open",
    CASE
      WHEN "s10_ok"
      THEN CASE
        WHEN "x_height__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_height__v"
      END
    END AS "s10_low",
    CASE
      WHEN "s10_ok"
      THEN CASE
        WHEN "x_height__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_height__v"
      END
    END AS "s10_high",
    COALESCE("x_height__opc" IN (4172704), FALSE) AS "s10_low_open",
    COALESCE("x_height__opc" IN (4171756), FALSE) AS "s10_high_open",
    CASE
      WHEN "x_egfr__d" >= CAST('2026-10-04' AS DATE)
      AND NOT (
        COALESCE("x_egfr__v" >= "x_egfr__f0", TRUE)
        AND COALESCE("x_egfr__v" <= "x_egfr__f1", TRUE)
      )
      THEN 3
      WHEN "x_egfr__d" >= CAST('2026-10-04' AS DATE)
      THEN 1
      ELSE 0
    END AS "s12_why",
    CASE
      WHEN "s12_ok"
      THEN CASE
        WHEN "x_egfr__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_egfr__v"
      END
    END AS "s12_low",
    CASE
      WHEN "s12_ok"
      THEN CASE
        WHEN "x_egfr__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_egfr__v"
      END
    END AS "s12_high",
    COALESCE("x_egfr__opc" IN (4171756), FALSE) AS "s12_high_open",
    CASE
      WHEN "x_absolute_neutrophil_count__d" >= CAST('2026-10-04' AS DATE)
      AND NOT (
        COALESCE("x_absolute_neutrophil_count__v" >= "x_absolute_neutrophil_count__f0", TRUE)
        AND COALESCE("x_absolute_neutrophil_count__v" <= "x_absolute_neutrophil_count__f1", TRUE)
      )
      THEN 3
      WHEN "x_absolute_neutrophil_count__d" >= CAST('2026-10-04' AS DATE)
      THEN 1
      ELSE 0
    END AS "s14_why",
    CASE
      WHEN "s14_ok"
      THEN CASE
        WHEN "x_absolute_neutrophil_count__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_absolute_neutrophil_count__v"
      END
    END AS "s14_low",
    CASE
      WHEN "s14_ok"
      THEN CASE
        WHEN "x_absolute_neutrophil_count__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_absolute_neutrophil_count__v"
      END
    END AS "s14_high",
    COALESCE("x_absolute_neutrophil_count__opc" IN (4171756), FALSE) AS "s14_high_open",
    CASE
      WHEN "s15_ok"
      THEN CASE
        WHEN "x_white_blood_cell_count__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_white_blood_cell_count__v"
      END
    END AS "s15_low",
    CASE
      WHEN "s15_ok"
      THEN CASE
        WHEN "x_white_blood_cell_count__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_white_blood_cell_count__v"
      END
    END AS "s15_high",
    COALESCE("x_white_blood_cell_count__opc" IN (4171756), FALSE) AS "s15_high_open",
    CASE
      WHEN "s16_ok"
      THEN CASE
        WHEN "x_segmented_neutrophil_percentage__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_segmented_neutrophil_percentage__v"
      END
    END AS "s16_low",
    CASE
      WHEN "s16_ok"
      THEN CASE
        WHEN "x_segmented_neutrophil_percentage__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_segmented_neutrophil_percentage__v"
      END
    END AS "s16_high",
    COALESCE("x_segmented_neutrophil_percentage__opc" IN (4171756), FALSE) AS "s16_high_open",
    CASE
      WHEN "s17_ok"
      THEN CASE
        WHEN "x_band_neutrophil_percentage__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_band_neutrophil_percentage__v"
      END
    END AS "s17_low",
    CASE
      WHEN "s17_ok"
      THEN CASE
        WHEN "x_band_neutrophil_percentage__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_band_neutrophil_percentage__v"
      END
    END AS "s17_high",
    COALESCE("x_band_neutrophil_percentage__opc" IN (4171756), FALSE) AS "s17_high_open",
    CASE
      WHEN "s18_ok"
      THEN CASE
        WHEN "x_neutrophil_percentage__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_neutrophil_percentage__v"
      END
    END AS "s18_low",
    CASE
      WHEN "s18_ok"
      THEN CASE
        WHEN "x_neutrophil_percentage__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_neutrophil_percentage__v"
      END
    END AS "s18_high",
    COALESCE("x_neutrophil_percentage__opc" IN (4171756), FALSE) AS "s18_high_open",
    CASE
      WHEN "x_corrected_calcium__d" >= CAST('2026-10-04' AS DATE)
      AND NOT (
        COALESCE("x_corrected_calcium__v" >= "x_corrected_calcium__f0", TRUE)
        AND COALESCE("x_corrected_calcium__v" <= "x_corrected_calcium__f1", TRUE)
      )
      THEN 3
      WHEN "x_corrected_calcium__d" >= CAST('2026-10-04' AS DATE)
      THEN 1
      ELSE 0
    END AS "s20_why",
    CASE
      WHEN "s20_ok"
      THEN CASE
        WHEN "x_corrected_calcium__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_corrected_calcium__v"
      END
    END AS "s20_low",
    CASE
      WHEN "s20_ok"
      THEN CASE
        WHEN "x_corrected_calcium__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_corrected_calcium__v"
      END
    END AS "s20_high",
    COALESCE("x_corrected_calcium__opc" IN (4172704), FALSE) AS "s20_low_open",
    CASE
      WHEN "s21_ok"
      THEN CASE
        WHEN "x_calcium__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_calcium__v"
      END
    END AS "s21_low",
    CASE
      WHEN "s21_ok"
      THEN CASE
        WHEN "x_calcium__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_calcium__v"
      END
    END AS "s21_high",
    COALESCE("x_calcium__opc" IN (4172704), FALSE) AS "s21_low_open",
    CASE
      WHEN "x_albumin__d" >= CAST('2026-10-04' AS DATE)
      AND NOT (
        COALESCE("x_albumin__v" >= "x_albumin__f0", TRUE)
        AND COALESCE("x_albumin__v" <= "x_albumin__f1", TRUE)
      )
      THEN 3
      WHEN "x_albumin__d" >= CAST('2026-10-04' AS DATE)
      THEN 1
      ELSE 0
    END AS "s22_why",
    CASE
      WHEN "s22_ok"
      THEN CASE
        WHEN "x_albumin__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_albumin__v"
      END
    END AS "s22_low",
    CASE
      WHEN "s22_ok"
      THEN CASE
        WHEN "x_albumin__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_albumin__v"
      END
    END AS "s22_high",
    COALESCE("x_albumin__opc" IN (4172704), FALSE) AS "s22_low_open",
    COALESCE("x_albumin__opc" IN (4171756), FALSE) AS "s22_high_open",
    CASE WHEN "s22_ok" THEN "x_albumin__rlo" END AS "s22_own_low",
    CASE WHEN "s22_ok" THEN "x_albumin__rhi" END AS "s22_own_high",
    CASE
      WHEN "x_bmi__d" >= CAST('2026-10-04' AS DATE)
      AND NOT (
        COALESCE("x_bmi__v" >= "x_bmi__f0", TRUE)
        AND COALESCE("x_bmi__v" <= "x_bmi__f1", TRUE)
      )
      THEN 3
      WHEN "x_bmi__d" >= CAST('2026-10-04' AS DATE)
      THEN 1
      ELSE 0
    END AS "s24_why",
    CASE
      WHEN "s24_ok"
      THEN CASE
        WHEN "x_bmi__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_bmi__v"
      END
    END AS "s24_low",
    CASE
      WHEN "s24_ok"
      THEN CASE
        WHEN "x_bmi__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_bmi__v"
      END
    END AS "s24_high",
    COALESCE("x_bmi__opc" IN (4172704), FALSE) AS "s24_low_open",
    CASE
      WHEN "x_ecog__d" >= CAST('2026-10-04' AS DATE)
      AND NOT (
        COALESCE("x_ecog__v" >= "x_ecog__f0", TRUE)
        AND COALESCE("x_ecog__v" <= "x_ecog__f1", TRUE)
      )
      THEN 3
      WHEN "x_ecog__d" >= CAST('2026-10-04' AS DATE)
      THEN 1
      ELSE 0
    END AS "s26_why",
    CASE
      WHEN "s26_ok"
      THEN CASE
        WHEN "x_ecog__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_ecog__v"
      END
    END AS "s26_low",
    CASE
      WHEN "s26_ok"
      THEN CASE
        WHEN "x_ecog__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_ecog__v"
      END
    END AS "s26_high",
    COALESCE("x_ecog__opc" IN (4172704), FALSE) AS "s26_low_open",
    COALESCE("x_ecog__opc" IN (4171756), FALSE) AS "s26_high_open",
    CASE
      WHEN "x_karnofsky__d" >= CAST('2026-10-04' AS DATE)
      AND NOT (
        COALESCE("x_karnofsky__v" >= "x_karnofsky__f0", TRUE)
        AND COALESCE("x_karnofsky__v" <= "x_karnofsky__f1", TRUE)
      )
      THEN 3
      WHEN "x_karnofsky__d" >= CAST('2026-10-04' AS DATE)
      THEN 1
      ELSE 0
    END AS "s27_why",
    CASE
      WHEN "s27_ok"
      THEN CASE
        WHEN "x_karnofsky__opc" IN (4171756, 4171754)
        THEN CAST(0 AS DOUBLE)
        ELSE "x_karnofsky__v"
      END
    END AS "s27_low",
    CASE
      WHEN "s27_ok"
      THEN CASE
        WHEN "x_karnofsky__opc" IN (4172704, 4171755)
        THEN CAST(NULL AS DOUBLE)
        ELSE "x_karnofsky__v"
      END
    END AS "s27_high",
    COALESCE("x_karnofsky__opc" IN (4171756), FALSE) AS "s27_high_open"
  FROM ok1
), ok2 AS (
  SELECT
    *,
    COALESCE(
      "s6_ok"
      AND "s8_ok"
      AND "s0_ok"
      AND NOT "x_creatinine__f2" IS NULL
      AND NOT "x_weight__f2" IS NULL
      AND COALESCE("s6_high" * "x_creatinine__f2" > 0, TRUE)
      AND "s8_low" * "x_weight__f2" > 0,
      FALSE
    ) AS "s9_ok",
    COALESCE(
      "s10_ok"
      AND "s8_ok"
      AND NOT "x_height__f2" IS NULL
      AND NOT "x_weight__f2" IS NULL
      AND (
        "s10_low" = "s10_high" AND NOT (
          "s10_low_open"
        ) AND NOT (
          "s10_high_open"
        )
      )
      AND (
        "s8_low" = "s8_high" AND NOT (
          "s8_low_open"
        ) AND NOT (
          "s8_high_open"
        )
      ),
      FALSE
    ) AS "s11_ok",
    COALESCE(
      "s6_ok"
      AND "s0_ok"
      AND NOT "s6_low" * "x_creatinine__f2" IS NULL
      AND COALESCE("s6_high" * "x_creatinine__f2" > 0, TRUE)
      AND "s0_low" >= 18,
      FALSE
    ) AS "s13_ok",
    COALESCE(
      "s15_ok"
      AND NOT "s15_low" * "x_white_blood_cell_count__f2" IS NULL
      AND CASE
        WHEN "s16_ok" AND "s17_ok"
        THEN NOT "s16_low" * "x_segmented_neutrophil_percentage__f2" IS NULL
        AND NOT "s17_low" * "x_band_neutrophil_percentage__f2" IS NULL
        ELSE "s18_ok" AND NOT "s18_low" * "x_neutrophil_percentage__f2" IS NULL
      END
      AND CASE
        WHEN "s16_ok" AND "s17_ok"
        THEN "x_white_blood_cell_count__d" = "x_segmented_neutrophil_percentage__d"
        AND "x_white_blood_cell_count__d" = "x_band_neutrophil_percentage__d"
        ELSE "x_white_blood_cell_count__d" = "x_neutrophil_percentage__d"
      END,
      FALSE
    ) AS "s19_ok",
    COALESCE(
      "s21_ok"
      AND "s22_ok"
      AND NOT "s21_low" * "x_calcium__f2" IS NULL
      AND NOT "s22_high" * "x_albumin__f2" IS NULL
      AND "x_calcium__d" = "x_albumin__d",
      FALSE
    ) AS "s23_ok",
    COALESCE(
      "s8_ok"
      AND "s10_ok"
      AND NOT "x_weight__f2" IS NULL
      AND NOT "x_height__f3" IS NULL
      AND COALESCE((
        "s10_low" * "x_height__f3"
      ) > 0, FALSE),
      FALSE
    ) AS "s25_ok",
    COALESCE(
      "s27_ok"
      AND NOT CASE
        WHEN CAST(90 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(100 AS DOUBLE)
        THEN CAST(0 AS DOUBLE)
        WHEN CAST(70 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(80 AS DOUBLE)
        THEN CAST(1 AS DOUBLE)
        WHEN CAST(50 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(60 AS DOUBLE)
        THEN CAST(2 AS DOUBLE)
        WHEN CAST(30 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(40 AS DOUBLE)
        THEN CAST(3 AS DOUBLE)
        WHEN CAST(10 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(20 AS DOUBLE)
        THEN CAST(4 AS DOUBLE)
        WHEN CAST(0 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(0 AS DOUBLE)
        THEN CAST(5 AS DOUBLE)
      END IS NULL,
      FALSE
    ) AS "s28_ok",
    COALESCE(
      "s26_ok"
      AND NOT CASE
        WHEN "s26_low" > -1 AND "s26_low" < 1
        THEN CAST(90 AS DOUBLE)
        WHEN "s26_low" >= 1 AND "s26_low" < 2
        THEN CAST(70 AS DOUBLE)
        WHEN "s26_low" >= 2 AND "s26_low" < 3
        THEN CAST(50 AS DOUBLE)
        WHEN "s26_low" >= 3 AND "s26_low" < 4
        THEN CAST(30 AS DOUBLE)
        WHEN "s26_low" >= 4 AND "s26_low" < 5
        THEN CAST(10 AS DOUBLE)
        WHEN "s26_low" >= 5 AND "s26_low" < 6
        THEN CAST(0 AS DOUBLE)
      END IS NULL,
      FALSE
    ) AS "s29_ok"
  FROM src1
), src2 AS (
  SELECT
    *,
    CASE
      WHEN "s9_ok"
      THEN (
        CASE
          WHEN "s6_high" * "x_creatinine__f2" IS NULL
          THEN CAST(0 AS DOUBLE)
          ELSE (
            (
              140 - "s0_low"
            ) * (
              "s8_low" * "x_weight__f2"
            )
          ) / (
            72 * (
              "s6_high" * "x_creatinine__f2"
            )
          )
        END
      ) * CASE
        WHEN COALESCE("gender_concept_id" IN (8507), FALSE)
        THEN CAST(1 AS DOUBLE)
        ELSE CAST('0.85' AS DOUBLE)
      END
    END AS "s9_low",
    CASE
      WHEN "s9_ok"
      THEN (
        CASE
          WHEN "s6_low" * "x_creatinine__f2" > 0
          THEN (
            (
              140 - "s0_low"
            ) * (
              "s8_low" * "x_weight__f2"
            )
          ) / (
            72 * (
              "s6_low" * "x_creatinine__f2"
            )
          )
          ELSE CAST(NULL AS DOUBLE)
        END
      ) * CASE
        WHEN COALESCE("gender_concept_id" IN (8532), FALSE)
        THEN CAST('0.85' AS DOUBLE)
        ELSE CAST(1 AS DOUBLE)
      END
    END AS "s9_high",
    FALSE AS "s9_high_open",
    CASE
      WHEN "s11_ok"
      THEN SQRT(
        (
          (
            "s10_low" * "x_height__f2"
          ) * (
            "s8_low" * "x_weight__f2"
          )
        ) / 3600
      )
    END AS "s11_low",
    CASE
      WHEN "s13_ok"
      THEN CASE
        WHEN COALESCE("gender_concept_id" IN (8507), FALSE)
        THEN CASE
          WHEN "s6_high" * "x_creatinine__f2" IS NULL
          THEN CAST(0 AS DOUBLE)
          WHEN "s6_high" * "x_creatinine__f2" > 0
          THEN (
            142 * (
              POWER(
                (
                  "s6_high" * "x_creatinine__f2"
                ) / CAST('0.9' AS DOUBLE),
                CASE
                  WHEN (
                    "s6_high" * "x_creatinine__f2"
                  ) / CAST('0.9' AS DOUBLE) < 1
                  THEN CAST('-0.302' AS DOUBLE)
                  ELSE CAST('-1.2' AS DOUBLE)
                END
              )
            )
          ) * (
            POWER(CAST('0.9938' AS DOUBLE), "s0_low")
          )
          ELSE CAST(NULL AS DOUBLE)
        END
        ELSE CASE
          WHEN "s6_high" * "x_creatinine__f2" IS NULL
          THEN CAST(0 AS DOUBLE)
          WHEN "s6_high" * "x_creatinine__f2" > 0
          THEN (
            (
              142 * (
                POWER(
                  (
                    "s6_high" * "x_creatinine__f2"
                  ) / CAST('0.7' AS DOUBLE),
                  CASE
                    WHEN (
                      "s6_high" * "x_creatinine__f2"
                    ) / CAST('0.7' AS DOUBLE) < 1
                    THEN CAST('-0.241' AS DOUBLE)
                    ELSE CAST('-1.2' AS DOUBLE)
                  END
                )
              )
            ) * (
              POWER(CAST('0.9938' AS DOUBLE), "s0_low")
            )
          ) * CAST('1.012' AS DOUBLE)
          ELSE CAST(NULL AS DOUBLE)
        END
      END
    END AS "s13_low",
    CASE
      WHEN "s13_ok"
      THEN CASE
        WHEN COALESCE("gender_concept_id" IN (8532), FALSE)
        THEN CASE
          WHEN "s6_low" * "x_creatinine__f2" IS NULL
          THEN CAST(0 AS DOUBLE)
          WHEN "s6_low" * "x_creatinine__f2" > 0
          THEN (
            (
              142 * (
                POWER(
                  (
                    "s6_low" * "x_creatinine__f2"
                  ) / CAST('0.7' AS DOUBLE),
                  CASE
                    WHEN (
                      "s6_low" * "x_creatinine__f2"
                    ) / CAST('0.7' AS DOUBLE) < 1
                    THEN CAST('-0.241' AS DOUBLE)
                    ELSE CAST('-1.2' AS DOUBLE)
                  END
                )
              )
            ) * (
              POWER(CAST('0.9938' AS DOUBLE), "s0_low")
            )
          ) * CAST('1.012' AS DOUBLE)
          ELSE CAST(NULL AS DOUBLE)
        END
        ELSE CASE
          WHEN "s6_low" * "x_creatinine__f2" IS NULL
          THEN CAST(0 AS DOUBLE)
          WHEN "s6_low" * "x_creatinine__f2" > 0
          THEN (
            142 * (
              POWER(
                (
                  "s6_low" * "x_creatinine__f2"
                ) / CAST('0.9' AS DOUBLE),
                CASE
                  WHEN (
                    "s6_low" * "x_creatinine__f2"
                  ) / CAST('0.9' AS DOUBLE) < 1
                  THEN CAST('-0.302' AS DOUBLE)
                  ELSE CAST('-1.2' AS DOUBLE)
                END
              )
            )
          ) * (
            POWER(CAST('0.9938' AS DOUBLE), "s0_low")
          )
          ELSE CAST(NULL AS DOUBLE)
        END
      END
    END AS "s13_high",
    "s6_low_open" AS "s13_high_open",
    CASE
      WHEN "s19_ok"
      THEN (
        (
          "s15_low" * "x_white_blood_cell_count__f2"
        ) * CASE
          WHEN "s16_ok" AND "s17_ok"
          THEN (
            "s16_low" * "x_segmented_neutrophil_percentage__f2"
          ) + (
            "s17_low" * "x_band_neutrophil_percentage__f2"
          )
          ELSE "s18_low" * "x_neutrophil_percentage__f2"
        END
      ) / 100
    END AS "s19_low",
    CASE
      WHEN "s19_ok"
      THEN CASE
        WHEN "s15_high" * "x_white_blood_cell_count__f2" = 0
        OR CASE
          WHEN "s16_ok" AND "s17_ok"
          THEN (
            "s16_high" * "x_segmented_neutrophil_percentage__f2"
          ) + (
            "s17_high" * "x_band_neutrophil_percentage__f2"
          )
          ELSE "s18_high" * "x_neutrophil_percentage__f2"
        END = 0
        THEN CAST(0 AS DOUBLE)
        ELSE (
          "s15_high" * "x_white_blood_cell_count__f2"
        ) * CASE
          WHEN "s16_ok" AND "s17_ok"
          THEN (
            "s16_high" * "x_segmented_neutrophil_percentage__f2"
          ) + (
            "s17_high" * "x_band_neutrophil_percentage__f2"
          )
          ELSE "s18_high" * "x_neutrophil_percentage__f2"
        END
      END / 100
    END AS "s19_high",
    COALESCE(
      (
        "s15_high_open"
        OR CASE
          WHEN "s16_ok" AND "s17_ok"
          THEN "s16_high_open" OR "s17_high_open"
          ELSE "s18_high_open"
        END
      )
      AND (
        "s15_high" * "x_white_blood_cell_count__f2" > 0
        AND CASE
          WHEN "s16_ok" AND "s17_ok"
          THEN (
            "s16_high" * "x_segmented_neutrophil_percentage__f2"
          ) + (
            "s17_high" * "x_band_neutrophil_percentage__f2"
          )
          ELSE "s18_high" * "x_neutrophil_percentage__f2"
        END > 0
      ),
      FALSE
    ) AS "s19_high_open",
    CASE
      WHEN "s23_ok"
      THEN (
        "s21_low" * "x_calcium__f2"
      ) + (
        CAST('0.8' AS DOUBLE) * (
          CAST(4 AS DOUBLE) - (
            "s22_high" * "x_albumin__f2"
          )
        )
      )
    END AS "s23_low",
    CASE
      WHEN "s23_ok"
      THEN (
        "s21_high" * "x_calcium__f2"
      ) + (
        CAST('0.8' AS DOUBLE) * (
          CAST(4 AS DOUBLE) - (
            "s22_low" * "x_albumin__f2"
          )
        )
      )
    END AS "s23_high",
    "s21_low_open" OR "s22_high_open" AS "s23_low_open",
    CASE
      WHEN "s25_ok"
      THEN (
        "s8_low" * "x_weight__f2"
      ) / (
        (
          "s10_low" * "x_height__f3"
        ) * (
          "s10_low" * "x_height__f3"
        )
      )
    END AS "s25_low",
    CASE
      WHEN "s25_ok"
      THEN (
        "s8_low" * "x_weight__f2"
      ) / (
        (
          "s10_low" * "x_height__f3"
        ) * (
          "s10_low" * "x_height__f3"
        )
      )
    END AS "s25_high",
    FALSE AS "s25_low_open",
    CASE
      WHEN "s28_ok"
      THEN CASE
        WHEN CAST(90 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(100 AS DOUBLE)
        THEN CAST(0 AS DOUBLE)
        WHEN CAST(70 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(80 AS DOUBLE)
        THEN CAST(1 AS DOUBLE)
        WHEN CAST(50 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(60 AS DOUBLE)
        THEN CAST(2 AS DOUBLE)
        WHEN CAST(30 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(40 AS DOUBLE)
        THEN CAST(3 AS DOUBLE)
        WHEN CAST(10 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(20 AS DOUBLE)
        THEN CAST(4 AS DOUBLE)
        WHEN CAST(0 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(0 AS DOUBLE)
        THEN CAST(5 AS DOUBLE)
      END
    END AS "s28_low",
    CASE
      WHEN "s28_ok"
      THEN CASE
        WHEN CAST(0 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(0 AS DOUBLE)
        THEN CAST(5 AS DOUBLE)
        WHEN CAST(10 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(20 AS DOUBLE)
        THEN CAST(4 AS DOUBLE)
        WHEN CAST(30 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(40 AS DOUBLE)
        THEN CAST(3 AS DOUBLE)
        WHEN CAST(50 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(60 AS DOUBLE)
        THEN CAST(2 AS DOUBLE)
        WHEN CAST(70 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(80 AS DOUBLE)
        THEN CAST(1 AS DOUBLE)
        WHEN CAST(90 AS DOUBLE) <= "s27_low" AND "s27_low" <= CAST(100 AS DOUBLE)
        THEN CAST(0 AS DOUBLE)
      END
    END AS "s28_high",
    FALSE AS "s28_low_open",
    FALSE AS "s28_high_open",
    CASE
      WHEN "s29_ok"
      THEN CASE
        WHEN "s26_low" > -1 AND "s26_low" < 1
        THEN CAST(90 AS DOUBLE)
        WHEN "s26_low" >= 1 AND "s26_low" < 2
        THEN CAST(70 AS DOUBLE)
        WHEN "s26_low" >= 2 AND "s26_low" < 3
        THEN CAST(50 AS DOUBLE)
        WHEN "s26_low" >= 3 AND "s26_low" < 4
        THEN CAST(30 AS DOUBLE)
        WHEN "s26_low" >= 4 AND "s26_low" < 5
        THEN CAST(10 AS DOUBLE)
        WHEN "s26_low" >= 5 AND "s26_low" < 6
        THEN CAST(0 AS DOUBLE)
      END
    END AS "s29_low",
    CASE
      WHEN "s29_ok"
      THEN CASE
        WHEN "s26_low" > -1 AND "s26_low" < 1
        THEN CAST(100 AS DOUBLE)
        WHEN "s26_low" >= 1 AND "s26_low" < 2
        THEN CAST(80 AS DOUBLE)
        WHEN "s26_low" >= 2 AND "s26_low" < 3
        THEN CAST(60 AS DOUBLE)
        WHEN "s26_low" >= 3 AND "s26_low" < 4
        THEN CAST(40 AS DOUBLE)
        WHEN "s26_low" >= 4 AND "s26_low" < 5
        THEN CAST(20 AS DOUBLE)
        WHEN "s26_low" >= 5 AND "s26_low" < 6
        THEN CAST(0 AS DOUBLE)
      END
    END AS "s29_high",
    FALSE AS "s29_high_open"
  FROM ok2
), rd0 AS (
  SELECT
    *,
    "s0_low" AS "r0_t0_lo",
    "s0_low" AS "r0_t0_hi",
    "s1_low" * "x_platelets__f2" AS "r1_t0_lo",
    "s1_high" * "x_platelets__f2" AS "r1_t0_hi",
    "s2_low" * "x_hemoglobin__f2" AS "r2_t0_lo",
    "s2_high" * "x_hemoglobin__f2" AS "r2_t0_hi",
    "s3_low" * "x_total_bilirubin__f2" AS "r3_t0_lo",
    "s3_high" * "x_total_bilirubin__f2" AS "r3_t0_hi",
    "s4_low" * "x_ast__f2" AS "r4_t0_lo",
    "s4_high" * "x_ast__f2" AS "r4_t0_hi",
    "s5_low" * "x_alt__f2" AS "r5_t0_lo",
    "s5_high" * "x_alt__f2" AS "r5_t0_hi",
    "s6_low" * "x_creatinine__f2" AS "r6_t0_lo",
    "s6_high" * "x_creatinine__f2" AS "r6_t0_hi",
    "s7_ok" OR "s9_ok" AS "r7_ok",
    CASE WHEN "s7_ok" THEN 2 WHEN "s9_ok" THEN 2 ELSE "s7_why" END AS "r7_why",
    COALESCE(CASE WHEN "s7_ok" THEN "s7_high_open" WHEN "s9_ok" THEN "s9_high_open" END, FALSE) AS "r7_hi_open",
    CASE
      WHEN "s7_ok"
      THEN "s7_low" * COALESCE(
        "x_creatinine_clearance__f2",
        "x_creatinine_clearance__f3" * (
          "s11_low" / CAST('1.73' AS DOUBLE)
        )
      )
      WHEN "s9_ok"
      THEN "s9_low" * COALESCE(CAST(1 AS DOUBLE), CAST(1 AS DOUBLE) * (
        "s11_low" / CAST('1.73' AS DOUBLE)
      ))
    END AS "r7_t0_lo",
    CASE
      WHEN "s7_ok"
      THEN "s7_high" * COALESCE(
        "x_creatinine_clearance__f2",
        "x_creatinine_clearance__f3" * (
          "s11_low" / CAST('1.73' AS DOUBLE)
        )
      )
      WHEN "s9_ok"
      THEN "s9_high" * COALESCE(CAST(1 AS DOUBLE), CAST(1 AS DOUBLE) * (
        "s11_low" / CAST('1.73' AS DOUBLE)
      ))
    END AS "r7_t0_hi",
    "s12_ok" OR "s13_ok" AS "r8_ok",
    CASE WHEN "s12_ok" THEN 2 WHEN "s13_ok" THEN 2 ELSE "s12_why" END AS "r8_why",
    COALESCE(
      CASE WHEN "s12_ok" THEN "s12_high_open" WHEN "s13_ok" THEN "s13_high_open" END,
      FALSE
    ) AS "r8_hi_open",
    CASE
      WHEN "s12_ok"
      THEN "s12_low" * COALESCE("x_egfr__f2", "x_egfr__f3" * (
        CAST('1.73' AS DOUBLE) / "s11_low"
      ))
      WHEN "s13_ok"
      THEN "s13_low" * COALESCE(CAST(1 AS DOUBLE), CAST(1 AS DOUBLE) * (
        CAST('1.73' AS DOUBLE) / "s11_low"
      ))
    END AS "r8_t0_lo",
    CASE
      WHEN "s12_ok"
      THEN "s12_high" * COALESCE("x_egfr__f2", "x_egfr__f3" * (
        CAST('1.73' AS DOUBLE) / "s11_low"
      ))
      WHEN "s13_ok"
      THEN "s13_high" * COALESCE(CAST(1 AS DOUBLE), CAST(1 AS DOUBLE) * (
        CAST('1.73' AS DOUBLE) / "s11_low"
      ))
    END AS "r8_t0_hi",
    "s14_ok" OR "s19_ok" AS "r9_ok",
    CASE WHEN "s14_ok" THEN 2 WHEN "s19_ok" THEN 2 ELSE "s14_why" END AS "r9_why",
    COALESCE(
      CASE WHEN "s14_ok" THEN "s14_high_open" WHEN "s19_ok" THEN "s19_high_open" END,
      FALSE
    ) AS "r9_hi_open",
    CASE
      WHEN "s14_ok"
      THEN "s14_low" * "x_absolute_neutrophil_count__f2"
      WHEN "s19_ok"
      THEN "s19_low" * CAST(1000 AS DOUBLE)
    END AS "r9_t0_lo",
    CASE
      WHEN "s14_ok"
      THEN "s14_high" * "x_absolute_neutrophil_count__f2"
      WHEN "s19_ok"
      THEN "s19_high" * CAST(1000 AS DOUBLE)
    END AS "r9_t0_hi",
    "s20_ok" OR "s23_ok" AS "r10_ok",
    CASE WHEN "s20_ok" THEN 2 WHEN "s23_ok" THEN 2 ELSE "s20_why" END AS "r10_why",
    COALESCE(
      CASE WHEN "s20_ok" THEN "s20_low_open" WHEN "s23_ok" THEN "s23_low_open" END,
      FALSE
    ) AS "r10_lo_open",
    CASE
      WHEN "s20_ok"
      THEN "s20_low" * "x_corrected_calcium__f2"
      WHEN "s23_ok"
      THEN "s23_low" * CAST(1 AS DOUBLE)
    END AS "r10_t0_lo",
    CASE
      WHEN "s20_ok"
      THEN "s20_high" * "x_corrected_calcium__f2"
      WHEN "s23_ok"
      THEN "s23_high" * CAST(1 AS DOUBLE)
    END AS "r10_t0_hi",
    "s24_ok" OR "s25_ok" AS "r11_ok",
    CASE WHEN "s24_ok" THEN 2 WHEN "s25_ok" THEN 2 ELSE "s24_why" END AS "r11_why",
    COALESCE(
      CASE WHEN "s24_ok" THEN "s24_low_open" WHEN "s25_ok" THEN "s25_low_open" END,
      FALSE
    ) AS "r11_lo_open",
    CASE
      WHEN "s24_ok"
      THEN "s24_low" * "x_bmi__f2"
      WHEN "s25_ok"
      THEN "s25_low" * CAST(1 AS DOUBLE)
    END AS "r11_t0_lo",
    CASE
      WHEN "s24_ok"
      THEN "s24_high" * "x_bmi__f2"
      WHEN "s25_ok"
      THEN "s25_high" * CAST(1 AS DOUBLE)
    END AS "r11_t0_hi",
    "s22_low" * "x_albumin__f2" AS "r12_t0_lo",
    "s22_high" * "x_albumin__f2" AS "r12_t0_hi",
    "s26_ok" OR "s28_ok" AS "r13_ok",
    CASE WHEN "s26_ok" THEN 2 WHEN "s28_ok" THEN 2 ELSE "s26_why" END AS "r13_why",
    CASE WHEN "s26_ok" THEN 0 WHEN "s28_ok" THEN 3 END AS "r13_src",
    CASE WHEN "s26_ok" THEN "s26_low" WHEN "s28_ok" THEN "s28_low" END AS "r13_lo",
    CASE WHEN "s26_ok" THEN "s26_high" WHEN "s28_ok" THEN "s28_high" END AS "r13_hi",
    COALESCE(
      CASE WHEN "s26_ok" THEN "s26_low_open" WHEN "s28_ok" THEN "s28_low_open" END,
      FALSE
    ) AS "r13_lo_open",
    COALESCE(
      CASE WHEN "s26_ok" THEN "s26_high_open" WHEN "s28_ok" THEN "s28_high_open" END,
      FALSE
    ) AS "r13_hi_open",
    "s27_ok" OR "s29_ok" AS "r14_ok",
    CASE WHEN "s27_ok" THEN 2 WHEN "s29_ok" THEN 2 ELSE "s27_why" END AS "r14_why",
    COALESCE(
      CASE WHEN "s27_ok" THEN "s27_high_open" WHEN "s29_ok" THEN "s29_high_open" END,
      FALSE
    ) AS "r14_hi_open",
    CASE
      WHEN "s27_ok"
      THEN "s27_low" * "x_karnofsky__f2"
      WHEN "s29_ok"
      THEN "s29_low" * CAST(1 AS DOUBLE)
    END AS "r14_t0_lo",
    CASE
      WHEN "s27_ok"
      THEN "s27_high" * "x_karnofsky__f2"
      WHEN "s29_ok"
      THEN "s29_high" * CAST(1 AS DOUBLE)
    END AS "r14_t0_hi"
  FROM src2
), rd AS (
  SELECT
    *,
    CASE
      WHEN "s3_low" = 0
      THEN "s3_low"
      ELSE ROUND("s3_low", CAST(11 - FLOOR(LOG10(ABS("s3_low"))) AS INT))
    END AS "r3_rlo",
    CASE
      WHEN "s3_high" = 0
      THEN "s3_high"
      ELSE ROUND("s3_high", CAST(11 - FLOOR(LOG10(ABS("s3_high"))) AS INT))
    END AS "r3_rhi",
    CASE
      WHEN "s4_low" = 0
      THEN "s4_low"
      ELSE ROUND("s4_low", CAST(11 - FLOOR(LOG10(ABS("s4_low"))) AS INT))
    END AS "r4_rlo",
    CASE
      WHEN "s4_high" = 0
      THEN "s4_high"
      ELSE ROUND("s4_high", CAST(11 - FLOOR(LOG10(ABS("s4_high"))) AS INT))
    END AS "r4_rhi",
    CASE
      WHEN "s5_low" = 0
      THEN "s5_low"
      ELSE ROUND("s5_low", CAST(11 - FLOOR(LOG10(ABS("s5_low"))) AS INT))
    END AS "r5_rlo",
    CASE
      WHEN "s5_high" = 0
      THEN "s5_high"
      ELSE ROUND("s5_high", CAST(11 - FLOOR(LOG10(ABS("s5_high"))) AS INT))
    END AS "r5_rhi",
    CASE
      WHEN "s6_low" = 0
      THEN "s6_low"
      ELSE ROUND("s6_low", CAST(11 - FLOOR(LOG10(ABS("s6_low"))) AS INT))
    END AS "r6_rlo",
    CASE
      WHEN "s6_high" = 0
      THEN "s6_high"
      ELSE ROUND("s6_high", CAST(11 - FLOOR(LOG10(ABS("s6_high"))) AS INT))
    END AS "r6_rhi",
    CASE
      WHEN "s22_low" = 0
      THEN "s22_low"
      ELSE ROUND("s22_low", CAST(11 - FLOOR(LOG10(ABS("s22_low"))) AS INT))
    END AS "r12_rlo",
    CASE
      WHEN "s22_high" = 0
      THEN "s22_high"
      ELSE ROUND("s22_high", CAST(11 - FLOOR(LOG10(ABS("s22_high"))) AS INT))
    END AS "r12_rhi"
  FROM rd0
), lv0 AS (
  SELECT
    *,
    CASE
      WHEN "r0_t0_lo" >= CAST('17.999999999950003' AS DOUBLE)
      THEN TRUE
      WHEN "r0_t0_hi" < CAST('17.999999999950003' AS DOUBLE)
      OR (
        (
          "r0_t0_hi" >= CAST('17.999999999950003' AS DOUBLE)
          AND "r0_t0_hi" <= CAST('18.000000000049997' AS DOUBLE)
        )
        AND "s0_high_open"
      )
      THEN FALSE
      ELSE CAST(NULL AS BOOLEAN)
    END AS "n1_t",
    CASE
      WHEN COALESCE("gender_concept_id" IN (8532), FALSE)
      THEN TRUE
      WHEN COALESCE("gender_concept_id" IN (8507), FALSE)
      THEN FALSE
      ELSE CAST(NULL AS BOOLEAN)
    END AS "n3_t",
    CASE
      WHEN "r1_t0_lo" >= CAST('99999.99999995001' AS DOUBLE)
      THEN TRUE
      WHEN "r1_t0_hi" < CAST('99999.99999995001' AS DOUBLE)
      OR (
        (
          "r1_t0_hi" >= CAST('99999.99999995001' AS DOUBLE)
          AND "r1_t0_hi" <= CAST('100000.00000049999' AS DOUBLE)
        )
        AND "s1_high_open"
      )
      THEN FALSE
      ELSE CAST(NULL AS BOOLEAN)
    END AS "n5_t",
    CASE
      WHEN "r2_t0_lo" >= CAST('8.999999999995001' AS DOUBLE)
      THEN TRUE
      WHEN "r2_t0_hi" < CAST('8.999999999995001' AS DOUBLE)
      OR (
        (
          "r2_t0_hi" >= CAST('8.999999999995001' AS DOUBLE)
          AND "r2_t0_hi" <= CAST('9.000000000004999' AS DOUBLE)
        )
        AND "s2_high_open"
      )
      THEN FALSE
      ELSE CAST(NULL AS BOOLEAN)
    END
    AND CASE
      WHEN "r2_t0_hi" <= CAST('18.000000000049997' AS DOUBLE)
      THEN TRUE
      WHEN "r2_t0_lo" > CAST('18.000000000049997' AS DOUBLE)
      OR (
        (
          "r2_t0_lo" >= CAST('17.999999999950003' AS DOUBLE)
          AND "r2_t0_lo" <= CAST('18.000000000049997' AS DOUBLE)
        )
        AND "s2_low_open"
      )
      THEN FALSE
      ELSE CAST(NULL AS BOOLEAN)
    END AS "n7_t",
    CASE
      WHEN NOT "s3_ok"
      THEN CAST(NULL AS BOOLEAN)
      WHEN NOT "s3_own_high" IS NULL
      THEN CASE
        WHEN "r3_rhi" <= CASE
          WHEN CAST('1.5' AS DOUBLE) * "s3_own_high" = 0
          THEN CAST('1.5' AS DOUBLE) * "s3_own_high"
          ELSE ROUND(
            CAST('1.5' AS DOUBLE) * "s3_own_high",
            CAST(11 - FLOOR(LOG10(ABS(CAST('1.5' AS DOUBLE) * "s3_own_high"))) AS INT)
          )
        END
        THEN TRUE
        WHEN "r3_rlo" > CASE
          WHEN CAST('1.5' AS DOUBLE) * "s3_own_high" = 0
          THEN CAST('1.5' AS DOUBLE) * "s3_own_high"
          ELSE ROUND(
            CAST('1.5' AS DOUBLE) * "s3_own_high",
            CAST(11 - FLOOR(LOG10(ABS(CAST('1.5' AS DOUBLE) * "s3_own_high"))) AS INT)
          )
        END
        OR (
          "r3_rlo" = CASE
            WHEN CAST('1.5' AS DOUBLE) * "s3_own_high" = 0
            THEN CAST('1.5' AS DOUBLE) * "s3_own_high"
            ELSE ROUND(
              CAST('1.5' AS DOUBLE) * "s3_own_high",
              CAST(11 - FLOOR(LOG10(ABS(CAST('1.5' AS DOUBLE) * "s3_own_high"))) AS INT)
            )
          END
          AND "s3_low_open"
        )
        THEN FALSE
        ELSE CAST(NULL AS BOOLEAN)
      END
      ELSE CASE
        WHEN CASE
          WHEN "r3_t0_hi" <= CAST('1.5000000000049998' AS DOUBLE)
          THEN TRUE
          WHEN "r3_t0_lo" > CAST('1.5000000000049998' AS DOUBLE)
          OR (
            (
              "r3_t0_lo" >= CAST('1.4999999999950002' AS DOUBLE)
              AND "r3_t0_lo" <= CAST('1.5000000000049998' AS DOUBLE)
            )
            AND "s3_low_open"
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
        THEN TRUE
        WHEN NOT (
          CASE
            WHEN "r3_t0_hi" <= CAST('1.845000000005' AS DOUBLE)
            THEN TRUE
            WHEN "r3_t0_lo" > CAST('1.845000000005' AS DOUBLE)
            OR (
              (
                "r3_t0_lo" >= CAST('1.8449999999950002' AS DOUBLE)
                AND "r3_t0_lo" <= CAST('1.845000000005' AS DOUBLE)
              )
              AND "s3_low_open"
            )
            THEN FALSE
            ELSE CAST(NULL AS BOOLEAN)
          END
        )
        THEN FALSE
        ELSE CAST(NULL AS BOOLEAN)
      END
    END AS "n9_t",
    CASE
      WHEN NOT "s4_ok"
      THEN CAST(NULL AS BOOLEAN)
      WHEN NOT "s4_own_high" IS NULL
      THEN CASE
        WHEN "r4_rhi" <= CASE
          WHEN CAST(5 AS DOUBLE) * "s4_own_high" = 0
          THEN CAST(5 AS DOUBLE) * "s4_own_high"
          ELSE ROUND(
            CAST(5 AS DOUBLE) * "s4_own_high",
            CAST(11 - FLOOR(LOG10(ABS(CAST(5 AS DOUBLE) * "s4_own_high"))) AS INT)
          )
        END
        THEN TRUE
        WHEN "r4_rlo" > CASE
          WHEN CAST(5 AS DOUBLE) * "s4_own_high" = 0
          THEN CAST(5 AS DOUBLE) * "s4_own_high"
          ELSE ROUND(
            CAST(5 AS DOUBLE) * "s4_own_high",
            CAST(11 - FLOOR(LOG10(ABS(CAST(5 AS DOUBLE) * "s4_own_high"))) AS INT)
          )
        END
        OR (
          "r4_rlo" = CASE
            WHEN CAST(5 AS DOUBLE) * "s4_own_high" = 0
            THEN CAST(5 AS DOUBLE) * "s4_own_high"
            ELSE ROUND(
              CAST(5 AS DOUBLE) * "s4_own_high",
              CAST(11 - FLOOR(LOG10(ABS(CAST(5 AS DOUBLE) * "s4_own_high"))) AS INT)
            )
          END
          AND "s4_low_open"
        )
        THEN FALSE
        ELSE CAST(NULL AS BOOLEAN)
      END
      ELSE CASE
        WHEN CASE
          WHEN "r4_t0_hi" <= CAST('150.0000000005' AS DOUBLE)
          THEN TRUE
          WHEN "r4_t0_lo" > CAST('150.0000000005' AS DOUBLE)
          OR (
            (
              "r4_t0_lo" >= CAST('149.9999999995' AS DOUBLE)
              AND "r4_t0_lo" <= CAST('150.0000000005' AS DOUBLE)
            )
            AND "s4_low_open"
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
        THEN TRUE
        WHEN NOT (
          CASE
            WHEN "r4_t0_hi" <= CAST('250.0000000005' AS DOUBLE)
            THEN TRUE
            WHEN "r4_t0_lo" > CAST('250.0000000005' AS DOUBLE)
            OR (
              (
                "r4_t0_lo" >= CAST('249.9999999995' AS DOUBLE)
                AND "r4_t0_lo" <= CAST('250.0000000005' AS DOUBLE)
              )
              AND "s4_low_open"
            )
            THEN FALSE
            ELSE CAST(NULL AS BOOLEAN)
          END
        )
        THEN FALSE
        ELSE CAST(NULL AS BOOLEAN)
      END
    END AS "n11_t",
    CASE
      WHEN NOT "s5_ok"
      THEN CAST(NULL AS BOOLEAN)
      WHEN NOT "s5_own_high" IS NULL
      THEN CASE
        WHEN "r5_rhi" <= CASE
          WHEN CAST(5 AS DOUBLE) * "s5_own_high" = 0
          THEN CAST(5 AS DOUBLE) * "s5_own_high"
          ELSE ROUND(
            CAST(5 AS DOUBLE) * "s5_own_high",
            CAST(11 - FLOOR(LOG10(ABS(CAST(5 AS DOUBLE) * "s5_own_high"))) AS INT)
          )
        END
        THEN TRUE
        WHEN "r5_rlo" > CASE
          WHEN CAST(5 AS DOUBLE) * "s5_own_high" = 0
          THEN CAST(5 AS DOUBLE) * "s5_own_high"
          ELSE ROUND(
            CAST(5 AS DOUBLE) * "s5_own_high",
            CAST(11 - FLOOR(LOG10(ABS(CAST(5 AS DOUBLE) * "s5_own_high"))) AS INT)
          )
        END
        OR (
          "r5_rlo" = CASE
            WHEN CAST(5 AS DOUBLE) * "s5_own_high" = 0
            THEN CAST(5 AS DOUBLE) * "s5_own_high"
            ELSE ROUND(
              CAST(5 AS DOUBLE) * "s5_own_high",
              CAST(11 - FLOOR(LOG10(ABS(CAST(5 AS DOUBLE) * "s5_own_high"))) AS INT)
            )
          END
          AND "s5_low_open"
        )
        THEN FALSE
        ELSE CAST(NULL AS BOOLEAN)
      END
      ELSE CASE
        WHEN COALESCE("gender_concept_id" IN (8532), FALSE)
        THEN CASE
          WHEN CASE
            WHEN "r5_t0_hi" <= CAST('150.0000000005' AS DOUBLE)
            THEN TRUE
            WHEN "r5_t0_lo" > CAST('150.0000000005' AS DOUBLE)
            OR (
              (
                "r5_t0_lo" >= CAST('149.9999999995' AS DOUBLE)
                AND "r5_t0_lo" <= CAST('150.0000000005' AS DOUBLE)
              )
              AND "s5_low_open"
            )
            THEN FALSE
            ELSE CAST(NULL AS BOOLEAN)
          END
          THEN TRUE
          WHEN NOT (
            CASE
              WHEN "r5_t0_hi" <= CAST('275.0000000005' AS DOUBLE)
              THEN TRUE
              WHEN "r5_t0_lo" > CAST('275.0000000005' AS DOUBLE)
              OR (
                (
                  "r5_t0_lo" >= CAST('274.9999999995' AS DOUBLE)
                  AND "r5_t0_lo" <= CAST('275.0000000005' AS DOUBLE)
                )
                AND "s5_low_open"
              )
              THEN FALSE
              ELSE CAST(NULL AS BOOLEAN)
            END
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
        WHEN COALESCE("gender_concept_id" IN (8507), FALSE)
        THEN CASE
          WHEN CASE
            WHEN "r5_t0_hi" <= CAST('175.0000000005' AS DOUBLE)
            THEN TRUE
            WHEN "r5_t0_lo" > CAST('175.0000000005' AS DOUBLE)
            OR (
              (
                "r5_t0_lo" >= CAST('174.9999999995' AS DOUBLE)
                AND "r5_t0_lo" <= CAST('175.0000000005' AS DOUBLE)
              )
              AND "s5_low_open"
            )
            THEN FALSE
            ELSE CAST(NULL AS BOOLEAN)
          END
          THEN TRUE
          WHEN NOT (
            CASE
              WHEN "r5_t0_hi" <= CAST('395.0000000005' AS DOUBLE)
              THEN TRUE
              WHEN "r5_t0_lo" > CAST('395.0000000005' AS DOUBLE)
              OR (
                (
                  "r5_t0_lo" >= CAST('394.9999999995' AS DOUBLE)
                  AND "r5_t0_lo" <= CAST('395.0000000005' AS DOUBLE)
                )
                AND "s5_low_open"
              )
              THEN FALSE
              ELSE CAST(NULL AS BOOLEAN)
            END
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
        ELSE CASE
          WHEN CASE
            WHEN "r5_t0_hi" <= CAST('150.0000000005' AS DOUBLE)
            THEN TRUE
            WHEN "r5_t0_lo" > CAST('150.0000000005' AS DOUBLE)
            OR (
              (
                "r5_t0_lo" >= CAST('149.9999999995' AS DOUBLE)
                AND "r5_t0_lo" <= CAST('150.0000000005' AS DOUBLE)
              )
              AND "s5_low_open"
            )
            THEN FALSE
            ELSE CAST(NULL AS BOOLEAN)
          END
          THEN TRUE
          WHEN NOT (
            CASE
              WHEN "r5_t0_hi" <= CAST('395.0000000005' AS DOUBLE)
              THEN TRUE
              WHEN "r5_t0_lo" > CAST('395.0000000005' AS DOUBLE)
              OR (
                (
                  "r5_t0_lo" >= CAST('394.9999999995' AS DOUBLE)
                  AND "r5_t0_lo" <= CAST('395.0000000005' AS DOUBLE)
                )
                AND "s5_low_open"
              )
              THEN FALSE
              ELSE CAST(NULL AS BOOLEAN)
            END
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
      END
    END AS "n13_t",
    CASE
      WHEN NOT "s4_ok"
      THEN CAST(NULL AS BOOLEAN)
      WHEN NOT "s4_own_high" IS NULL
      THEN CASE
        WHEN "r4_rhi" <= CASE
          WHEN CAST(3 AS DOUBLE) * "s4_own_high" = 0
          THEN CAST(3 AS DOUBLE) * "s4_own_high"
          ELSE ROUND(
            CAST(3 AS DOUBLE) * "s4_own_high",
            CAST(11 - FLOOR(LOG10(ABS(CAST(3 AS DOUBLE) * "s4_own_high"))) AS INT)
          )
        END
        THEN TRUE
        WHEN "r4_rlo" > CASE
          WHEN CAST(3 AS DOUBLE) * "s4_own_high" = 0
          THEN CAST(3 AS DOUBLE) * "s4_own_high"
          ELSE ROUND(
            CAST(3 AS DOUBLE) * "s4_own_high",
            CAST(11 - FLOOR(LOG10(ABS(CAST(3 AS DOUBLE) * "s4_own_high"))) AS INT)
          )
        END
        OR (
          "r4_rlo" = CASE
            WHEN CAST(3 AS DOUBLE) * "s4_own_high" = 0
            THEN CAST(3 AS DOUBLE) * "s4_own_high"
            ELSE ROUND(
              CAST(3 AS DOUBLE) * "s4_own_high",
              CAST(11 - FLOOR(LOG10(ABS(CAST(3 AS DOUBLE) * "s4_own_high"))) AS INT)
            )
          END
          AND "s4_low_open"
        )
        THEN FALSE
        ELSE CAST(NULL AS BOOLEAN)
      END
      ELSE CASE
        WHEN CASE
          WHEN "r4_t0_hi" <= CAST('90.00000000005' AS DOUBLE)
          THEN TRUE
          WHEN "r4_t0_lo" > CAST('90.00000000005' AS DOUBLE)
          OR (
            (
              "r4_t0_lo" >= CAST('89.99999999995' AS DOUBLE)
              AND "r4_t0_lo" <= CAST('90.00000000005' AS DOUBLE)
            )
            AND "s4_low_open"
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
        THEN TRUE
        WHEN NOT (
          CASE
            WHEN "r4_t0_hi" <= CAST('150.0000000005' AS DOUBLE)
            THEN TRUE
            WHEN "r4_t0_lo" > CAST('150.0000000005' AS DOUBLE)
            OR (
              (
                "r4_t0_lo" >= CAST('149.9999999995' AS DOUBLE)
                AND "r4_t0_lo" <= CAST('150.0000000005' AS DOUBLE)
              )
              AND "s4_low_open"
            )
            THEN FALSE
            ELSE CAST(NULL AS BOOLEAN)
          END
        )
        THEN FALSE
        ELSE CAST(NULL AS BOOLEAN)
      END
    END AS "n17_t",
    CASE
      WHEN NOT "s5_ok"
      THEN CAST(NULL AS BOOLEAN)
      WHEN NOT "s5_own_high" IS NULL
      THEN CASE
        WHEN "r5_rhi" <= CASE
          WHEN CAST(3 AS DOUBLE) * "s5_own_high" = 0
          THEN CAST(3 AS DOUBLE) * "s5_own_high"
          ELSE ROUND(
            CAST(3 AS DOUBLE) * "s5_own_high",
            CAST(11 - FLOOR(LOG10(ABS(CAST(3 AS DOUBLE) * "s5_own_high"))) AS INT)
          )
        END
        THEN TRUE
        WHEN "r5_rlo" > CASE
          WHEN CAST(3 AS DOUBLE) * "s5_own_high" = 0
          THEN CAST(3 AS DOUBLE) * "s5_own_high"
          ELSE ROUND(
            CAST(3 AS DOUBLE) * "s5_own_high",
            CAST(11 - FLOOR(LOG10(ABS(CAST(3 AS DOUBLE) * "s5_own_high"))) AS INT)
          )
        END
        OR (
          "r5_rlo" = CASE
            WHEN CAST(3 AS DOUBLE) * "s5_own_high" = 0
            THEN CAST(3 AS DOUBLE) * "s5_own_high"
            ELSE ROUND(
              CAST(3 AS DOUBLE) * "s5_own_high",
              CAST(11 - FLOOR(LOG10(ABS(CAST(3 AS DOUBLE) * "s5_own_high"))) AS INT)
            )
          END
          AND "s5_low_open"
        )
        THEN FALSE
        ELSE CAST(NULL AS BOOLEAN)
      END
      ELSE CASE
        WHEN COALESCE("gender_concept_id" IN (8532), FALSE)
        THEN CASE
          WHEN CASE
            WHEN "r5_t0_hi" <= CAST('90.00000000005' AS DOUBLE)
            THEN TRUE
            WHEN "r5_t0_lo" > CAST('90.00000000005' AS DOUBLE)
            OR (
              (
                "r5_t0_lo" >= CAST('89.99999999995' AS DOUBLE)
                AND "r5_t0_lo" <= CAST('90.00000000005' AS DOUBLE)
              )
              AND "s5_low_open"
            )
            THEN FALSE
            ELSE CAST(NULL AS BOOLEAN)
          END
          THEN TRUE
          WHEN NOT (
            CASE
              WHEN "r5_t0_hi" <= CAST('165.0000000005' AS DOUBLE)
              THEN TRUE
              WHEN "r5_t0_lo" > CAST('165.0000000005' AS DOUBLE)
              OR (
                (
                  "r5_t0_lo" >= CAST('164.9999999995' AS DOUBLE)
                  AND "r5_t0_lo" <= CAST('165.0000000005' AS DOUBLE)
                )
                AND "s5_low_open"
              )
              THEN FALSE
              ELSE CAST(NULL AS BOOLEAN)
            END
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
        WHEN COALESCE("gender_concept_id" IN (8507), FALSE)
        THEN CASE
          WHEN CASE
            WHEN "r5_t0_hi" <= CAST('105.0000000005' AS DOUBLE)
            THEN TRUE
            WHEN "r5_t0_lo" > CAST('105.0000000005' AS DOUBLE)
            OR (
              (
                "r5_t0_lo" >= CAST('104.9999999995' AS DOUBLE)
                AND "r5_t0_lo" <= CAST('105.0000000005' AS DOUBLE)
              )
              AND "s5_low_open"
            )
            THEN FALSE
            ELSE CAST(NULL AS BOOLEAN)
          END
          THEN TRUE
          WHEN NOT (
            CASE
              WHEN "r5_t0_hi" <= CAST('237.0000000005' AS DOUBLE)
              THEN TRUE
              WHEN "r5_t0_lo" > CAST('237.0000000005' AS DOUBLE)
              OR (
                (
                  "r5_t0_lo" >= CAST('236.9999999995' AS DOUBLE)
                  AND "r5_t0_lo" <= CAST('237.0000000005' AS DOUBLE)
                )
                AND "s5_low_open"
              )
              THEN FALSE
              ELSE CAST(NULL AS BOOLEAN)
            END
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
        ELSE CASE
          WHEN CASE
            WHEN "r5_t0_hi" <= CAST('90.00000000005' AS DOUBLE)
            THEN TRUE
            WHEN "r5_t0_lo" > CAST('90.00000000005' AS DOUBLE)
            OR (
              (
                "r5_t0_lo" >= CAST('89.99999999995' AS DOUBLE)
                AND "r5_t0_lo" <= CAST('90.00000000005' AS DOUBLE)
              )
              AND "s5_low_open"
            )
            THEN FALSE
            ELSE CAST(NULL AS BOOLEAN)
          END
          THEN TRUE
          WHEN NOT (
            CASE
              WHEN "r5_t0_hi" <= CAST('237.0000000005' AS DOUBLE)
              THEN TRUE
              WHEN "r5_t0_lo" > CAST('237.0000000005' AS DOUBLE)
              OR (
                (
                  "r5_t0_lo" >= CAST('236.9999999995' AS DOUBLE)
                  AND "r5_t0_lo" <= CAST('237.0000000005' AS DOUBLE)
                )
                AND "s5_low_open"
              )
              THEN FALSE
              ELSE CAST(NULL AS BOOLEAN)
            END
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
      END
    END AS "n19_t",
    CASE
      WHEN NOT "s6_ok"
      THEN CAST(NULL AS BOOLEAN)
      WHEN NOT "s6_own_high" IS NULL
      THEN CASE
        WHEN "r6_rhi" <= CASE
          WHEN CAST('1.5' AS DOUBLE) * "s6_own_high" = 0
          THEN CAST('1.5' AS DOUBLE) * "s6_own_high"
          ELSE ROUND(
            CAST('1.5' AS DOUBLE) * "s6_own_high",
            CAST(11 - FLOOR(LOG10(ABS(CAST('1.5' AS DOUBLE) * "s6_own_high"))) AS INT)
          )
        END
        THEN TRUE
        WHEN "r6_rlo" > CASE
          WHEN CAST('1.5' AS DOUBLE) * "s6_own_high" = 0
          THEN CAST('1.5' AS DOUBLE) * "s6_own_high"
          ELSE ROUND(
            CAST('1.5' AS DOUBLE) * "s6_own_high",
            CAST(11 - FLOOR(LOG10(ABS(CAST('1.5' AS DOUBLE) * "s6_own_high"))) AS INT)
          )
        END
        OR (
          "r6_rlo" = CASE
            WHEN CAST('1.5' AS DOUBLE) * "s6_own_high" = 0
            THEN CAST('1.5' AS DOUBLE) * "s6_own_high"
            ELSE ROUND(
              CAST('1.5' AS DOUBLE) * "s6_own_high",
              CAST(11 - FLOOR(LOG10(ABS(CAST('1.5' AS DOUBLE) * "s6_own_high"))) AS INT)
            )
          END
          AND "s6_low_open"
        )
        THEN FALSE
        ELSE CAST(NULL AS BOOLEAN)
      END
      ELSE CASE
        WHEN COALESCE("gender_concept_id" IN (8532), FALSE)
        THEN CASE
          WHEN CASE
            WHEN "r6_t0_hi" <= CAST('1.170000000005' AS DOUBLE)
            THEN TRUE
            WHEN "r6_t0_lo" > CAST('1.170000000005' AS DOUBLE)
            OR (
              (
                "r6_t0_lo" >= CAST('1.1699999999950002' AS DOUBLE)
                AND "r6_t0_lo" <= CAST('1.170000000005' AS DOUBLE)
              )
              AND "s6_low_open"
            )
            THEN FALSE
            ELSE CAST(NULL AS BOOLEAN)
          END
          THEN TRUE
          WHEN NOT (
            CASE
              WHEN "r6_t0_hi" <= CAST('1.8000000000049998' AS DOUBLE)
              THEN TRUE
              WHEN "r6_t0_lo" > CAST('1.8000000000049998' AS DOUBLE)
              OR (
                (
                  "r6_t0_lo" >= CAST('1.799999999995' AS DOUBLE)
                  AND "r6_t0_lo" <= CAST('1.8000000000049998' AS DOUBLE)
                )
                AND "s6_low_open"
              )
              THEN FALSE
              ELSE CAST(NULL AS BOOLEAN)
            END
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
        WHEN COALESCE("gender_concept_id" IN (8507), FALSE)
        THEN CASE
          WHEN CASE
            WHEN "r6_t0_hi" <= CAST('1.5600000000049998' AS DOUBLE)
            THEN TRUE
            WHEN "r6_t0_lo" > CAST('1.5600000000049998' AS DOUBLE)
            OR (
              (
                "r6_t0_lo" >= CAST('1.559999999995' AS DOUBLE)
                AND "r6_t0_lo" <= CAST('1.5600000000049998' AS DOUBLE)
              )
              AND "s6_low_open"
            )
            THEN FALSE
            ELSE CAST(NULL AS BOOLEAN)
          END
          THEN TRUE
          WHEN NOT (
            CASE
              WHEN "r6_t0_hi" <= CAST('2.0400000000049996' AS DOUBLE)
              THEN TRUE
              WHEN "r6_t0_lo" > CAST('2.0400000000049996' AS DOUBLE)
              OR (
                (
                  "r6_t0_lo" >= CAST('2.039999999995' AS DOUBLE)
                  AND "r6_t0_lo" <= CAST('2.0400000000049996' AS DOUBLE)
                )
                AND "s6_low_open"
              )
              THEN FALSE
              ELSE CAST(NULL AS BOOLEAN)
            END
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
        ELSE CASE
          WHEN CASE
            WHEN "r6_t0_hi" <= CAST('1.170000000005' AS DOUBLE)
            THEN TRUE
            WHEN "r6_t0_lo" > CAST('1.170000000005' AS DOUBLE)
            OR (
              (
                "r6_t0_lo" >= CAST('1.1699999999950002' AS DOUBLE)
                AND "r6_t0_lo" <= CAST('1.170000000005' AS DOUBLE)
              )
              AND "s6_low_open"
            )
            THEN FALSE
            ELSE CAST(NULL AS BOOLEAN)
          END
          THEN TRUE
          WHEN NOT (
            CASE
              WHEN "r6_t0_hi" <= CAST('2.0400000000049996' AS DOUBLE)
              THEN TRUE
              WHEN "r6_t0_lo" > CAST('2.0400000000049996' AS DOUBLE)
              OR (
                (
                  "r6_t0_lo" >= CAST('2.039999999995' AS DOUBLE)
                  AND "r6_t0_lo" <= CAST('2.0400000000049996' AS DOUBLE)
                )
                AND "s6_low_open"
              )
              THEN FALSE
              ELSE CAST(NULL AS BOOLEAN)
            END
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
      END
    END AS "n25_t",
    CASE
      WHEN "r7_t0_lo" >= CAST('59.999999999950006' AS DOUBLE)
      THEN TRUE
      WHEN "r7_t0_hi" < CAST('59.999999999950006' AS DOUBLE)
      OR (
        (
          "r7_t0_hi" >= CAST('59.999999999950006' AS DOUBLE)
          AND "r7_t0_hi" <= CAST('60.000000000049994' AS DOUBLE)
        )
        AND "r7_hi_open"
      )
      THEN FALSE
      ELSE CAST(NULL AS BOOLEAN)
    END AS "n27_t",
    CASE
      WHEN "r8_t0_lo" >= CAST('59.999999999950006' AS DOUBLE)
      THEN TRUE
      WHEN "r8_t0_hi" < CAST('59.999999999950006' AS DOUBLE)
      OR (
        (
          "r8_t0_hi" >= CAST('59.999999999950006' AS DOUBLE)
          AND "r8_t0_hi" <= CAST('60.000000000049994' AS DOUBLE)
        )
        AND "r8_hi_open"
      )
      THEN FALSE
      ELSE CAST(NULL AS BOOLEAN)
    END AS "n31_t",
    CASE
      WHEN "r9_t0_lo" >= CAST('1499.999999995' AS DOUBLE)
      THEN TRUE
      WHEN "r9_t0_hi" < CAST('1499.999999995' AS DOUBLE)
      OR (
        (
          "r9_t0_hi" >= CAST('1499.999999995' AS DOUBLE)
          AND "r9_t0_hi" <= CAST('1500.000000005' AS DOUBLE)
        )
        AND "r9_hi_open"
      )
      THEN FALSE
      ELSE CAST(NULL AS BOOLEAN)
    END AS "n33_t",
    CASE
      WHEN "r10_t0_lo" > CAST('12.00000000005' AS DOUBLE)
      OR (
        (
          "r10_t0_lo" >= CAST('11.99999999995' AS DOUBLE)
          AND "r10_t0_lo" <= CAST('12.00000000005' AS DOUBLE)
        )
        AND "r10_lo_open"
      )
      THEN TRUE
      WHEN "r10_t0_hi" <= CAST('12.00000000005' AS DOUBLE)
      THEN FALSE
      ELSE CAST(NULL AS BOOLEAN)
    END AS "n35_t",
    CASE
      WHEN "r11_t0_hi" <= CAST('35.000000000049994' AS DOUBLE)
      THEN TRUE
      WHEN "r11_t0_lo" > CAST('35.000000000049994' AS DOUBLE)
      OR (
        (
          "r11_t0_lo" >= CAST('34.999999999950006' AS DOUBLE)
          AND "r11_t0_lo" <= CAST('35.000000000049994' AS DOUBLE)
        )
        AND "r11_lo_open"
      )
      THEN FALSE
      ELSE CAST(NULL AS BOOLEAN)
    END AS "n37_t",
    (
      CASE
        WHEN NOT "s22_ok"
        THEN CAST(NULL AS BOOLEAN)
        WHEN NOT "s22_own_low" IS NULL
        THEN CASE
          WHEN "r12_rlo" >= CASE
            WHEN CAST(1 AS DOUBLE) * "s22_own_low" = 0
            THEN CAST(1 AS DOUBLE) * "s22_own_low"
            ELSE ROUND(
              CAST(1 AS DOUBLE) * "s22_own_low",
              CAST(11 - FLOOR(LOG10(ABS(CAST(1 AS DOUBLE) * "s22_own_low"))) AS INT)
            )
          END
          THEN TRUE
          WHEN "r12_rhi" < CASE
            WHEN CAST(1 AS DOUBLE) * "s22_own_low" = 0
            THEN CAST(1 AS DOUBLE) * "s22_own_low"
            ELSE ROUND(
              CAST(1 AS DOUBLE) * "s22_own_low",
              CAST(11 - FLOOR(LOG10(ABS(CAST(1 AS DOUBLE) * "s22_own_low"))) AS INT)
            )
          END
          OR (
            "r12_rhi" = CASE
              WHEN CAST(1 AS DOUBLE) * "s22_own_low" = 0
              THEN CAST(1 AS DOUBLE) * "s22_own_low"
              ELSE ROUND(
                CAST(1 AS DOUBLE) * "s22_own_low",
                CAST(11 - FLOOR(LOG10(ABS(CAST(1 AS DOUBLE) * "s22_own_low"))) AS INT)
              )
            END
            AND "s22_high_open"
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
        ELSE CASE
          WHEN CASE
            WHEN "r12_t0_lo" >= CAST('3.9999999999950004' AS DOUBLE)
            THEN TRUE
            WHEN "r12_t0_hi" < CAST('3.9999999999950004' AS DOUBLE)
            OR (
              (
                "r12_t0_hi" >= CAST('3.9999999999950004' AS DOUBLE)
                AND "r12_t0_hi" <= CAST('4.000000000005' AS DOUBLE)
              )
              AND "s22_high_open"
            )
            THEN FALSE
            ELSE CAST(NULL AS BOOLEAN)
          END
          THEN TRUE
          WHEN NOT (
            CASE
              WHEN "r12_t0_lo" >= CAST('3.2999999999950003' AS DOUBLE)
              THEN TRUE
              WHEN "r12_t0_hi" < CAST('3.2999999999950003' AS DOUBLE)
              OR (
                (
                  "r12_t0_hi" >= CAST('3.2999999999950003' AS DOUBLE)
                  AND "r12_t0_hi" <= CAST('3.300000000005' AS DOUBLE)
                )
                AND "s22_high_open"
              )
              THEN FALSE
              ELSE CAST(NULL AS BOOLEAN)
            END
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
      END
    )
    AND (
      CASE
        WHEN NOT "s22_ok"
        THEN CAST(NULL AS BOOLEAN)
        WHEN NOT "s22_own_high" IS NULL
        THEN CASE
          WHEN "r12_rhi" <= CASE
            WHEN CAST(1 AS DOUBLE) * "s22_own_high" = 0
            THEN CAST(1 AS DOUBLE) * "s22_own_high"
            ELSE ROUND(
              CAST(1 AS DOUBLE) * "s22_own_high",
              CAST(11 - FLOOR(LOG10(ABS(CAST(1 AS DOUBLE) * "s22_own_high"))) AS INT)
            )
          END
          THEN TRUE
          WHEN "r12_rlo" > CASE
            WHEN CAST(1 AS DOUBLE) * "s22_own_high" = 0
            THEN CAST(1 AS DOUBLE) * "s22_own_high"
            ELSE ROUND(
              CAST(1 AS DOUBLE) * "s22_own_high",
              CAST(11 - FLOOR(LOG10(ABS(CAST(1 AS DOUBLE) * "s22_own_high"))) AS INT)
            )
          END
          OR (
            "r12_rlo" = CASE
              WHEN CAST(1 AS DOUBLE) * "s22_own_high" = 0
              THEN CAST(1 AS DOUBLE) * "s22_own_high"
              ELSE ROUND(
                CAST(1 AS DOUBLE) * "s22_own_high",
                CAST(11 - FLOOR(LOG10(ABS(CAST(1 AS DOUBLE) * "s22_own_high"))) AS INT)
              )
            END
            AND "s22_low_open"
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
        ELSE CASE
          WHEN "r12_t0_hi" <= CAST('5.000000000005' AS DOUBLE)
          THEN TRUE
          WHEN "r12_t0_lo" > CAST('5.000000000005' AS DOUBLE)
          OR (
            (
              "r12_t0_lo" >= CAST('4.999999999995' AS DOUBLE)
              AND "r12_t0_lo" <= CAST('5.000000000005' AS DOUBLE)
            )
            AND "s22_low_open"
          )
          THEN FALSE
          ELSE CAST(NULL AS BOOLEAN)
        END
      END
    ) AS "n39_t",
    CASE
      WHEN NOT (
        "r13_ok"
      )
      THEN CAST(NULL AS BOOLEAN)
      WHEN "r13_src" = 3
      THEN CASE
        WHEN "r13_lo" = CAST(0 AS DOUBLE) AND "r13_hi" = CAST(0 AS DOUBLE)
        THEN TRUE
        WHEN "r13_lo" = CAST(1 AS DOUBLE) AND "r13_hi" = CAST(1 AS DOUBLE)
        THEN TRUE
        WHEN "r13_lo" = CAST(2 AS DOUBLE) AND "r13_hi" = CAST(2 AS DOUBLE)
        THEN FALSE
        WHEN "r13_lo" = CAST(3 AS DOUBLE) AND "r13_hi" = CAST(3 AS DOUBLE)
        THEN TRUE
        WHEN "r13_lo" = CAST(4 AS DOUBLE) AND "r13_hi" = CAST(4 AS DOUBLE)
        THEN FALSE
        WHEN "r13_lo" = CAST(5 AS DOUBLE) AND "r13_hi" = CAST(5 AS DOUBLE)
        THEN FALSE
        ELSE CAST(NULL AS BOOLEAN)
      END
      ELSE CASE
        WHEN COALESCE("r13_lo" = "r13_hi" AND NOT (
          "r13_lo_open"
        ) AND NOT (
          "r13_hi_open"
        ), FALSE)
        THEN "r13_lo" IN (CAST(0 AS DOUBLE), CAST(1 AS DOUBLE), CAST(3 AS DOUBLE))
        WHEN (
          "r13_lo" <= CAST(0 AS DOUBLE)
          AND (
            "r13_hi" IS NULL OR CAST(0 AS DOUBLE) <= "r13_hi"
          )
        )
        OR (
          "r13_lo" <= CAST(1 AS DOUBLE)
          AND (
            "r13_hi" IS NULL OR CAST(1 AS DOUBLE) <= "r13_hi"
          )
        )
        OR (
          "r13_lo" <= CAST(3 AS DOUBLE)
          AND (
            "r13_hi" IS NULL OR CAST(3 AS DOUBLE) <= "r13_hi"
          )
        )
        THEN CAST(NULL AS BOOLEAN)
        ELSE FALSE
      END
    END AS "n41_t",
    CASE
      WHEN "r14_t0_lo" >= CAST('69.99999999995' AS DOUBLE)
      THEN TRUE
      WHEN "r14_t0_hi" < CAST('69.99999999995' AS DOUBLE)
      OR (
        (
          "r14_t0_hi" >= CAST('69.99999999995' AS DOUBLE)
          AND "r14_t0_hi" <= CAST('70.00000000005' AS DOUBLE)
        )
        AND "r14_hi_open"
      )
      THEN FALSE
      ELSE CAST(NULL AS BOOLEAN)
    END AS "n43_t",
    CASE
      WHEN "x_pregnancy__current2" = 1
      THEN TRUE
      WHEN COALESCE("gender_concept_id" IN (8507), FALSE)
      THEN FALSE
      WHEN "x_pregnancy__unread3" = 1
      THEN CAST(NULL AS BOOLEAN)
      ELSE CAST(NULL AS BOOLEAN)
    END AS "n45_t",
    CASE
      WHEN "x_major_surgery__since4" = 0
      THEN FALSE
      WHEN "x_major_surgery__since4" = 2
      THEN TRUE
      WHEN "x_major_surgery__since4" = 1
      THEN CAST(NULL AS BOOLEAN)
      ELSE CAST(NULL AS BOOLEAN)
    END AS "n49_t",
    CASE
      WHEN "x_hepatitis_b__current5" = 1
      THEN TRUE
      WHEN "x_hepatitis_b__unread6" = 1
      THEN CAST(NULL AS BOOLEAN)
      ELSE CAST(NULL AS BOOLEAN)
    END AS "n51_t",
    CAST(NULL AS BOOLEAN) AS "n53_t"
  FROM rd
), lv1 AS (
  SELECT
    *,
    CASE
      WHEN NOT "s0_ok"
      THEN CASE WHEN "s0_why" = 1 THEN 0 WHEN "s0_why" = 3 THEN 1 ELSE 2 END
      WHEN "r0_t0_lo" IS NULL
      THEN 0
      WHEN "n1_t"
      THEN 3
      WHEN NOT (
        "n1_t"
      )
      THEN 4
      ELSE 5
    END AS "n2_r",
    CASE WHEN "n3_t" THEN 6 WHEN NOT (
      "n3_t"
    ) THEN 7 ELSE 8 END AS "n4_r",
    CASE
      WHEN NOT "s1_ok"
      THEN CASE WHEN "s1_why" = 1 THEN 9 WHEN "s1_why" = 3 THEN 10 ELSE 11 END
      WHEN "r1_t0_lo" IS NULL
      THEN 9
      WHEN "n5_t"
      THEN 12
      WHEN NOT (
        "n5_t"
      )
      THEN 13
      ELSE 14
    END AS "n6_r",
    CASE
      WHEN NOT "s2_ok"
      THEN CASE WHEN "s2_why" = 1 THEN 15 WHEN "s2_why" = 3 THEN 16 ELSE 17 END
      WHEN "r2_t0_lo" IS NULL
      THEN 15
      WHEN "n7_t"
      THEN 18
      WHEN NOT (
        "n7_t"
      )
      THEN 19
      ELSE 20
    END AS "n8_r",
    CASE
      WHEN NOT "s3_ok"
      THEN CASE WHEN "s3_why" = 1 THEN 21 WHEN "s3_why" = 3 THEN 22 ELSE 23 END
      WHEN "n9_t"
      THEN 24
      WHEN NOT (
        "n9_t"
      )
      THEN 25
      WHEN "s3_own_high" IS NULL
      THEN 26
      ELSE 27
    END AS "n10_r",
    CASE
      WHEN NOT "s4_ok"
      THEN CASE WHEN "s4_why" = 1 THEN 28 WHEN "s4_why" = 3 THEN 29 ELSE 30 END
      WHEN "n11_t"
      THEN 31
      WHEN NOT (
        "n11_t"
      )
      THEN 32
      WHEN "s4_own_high" IS NULL
      THEN 33
      ELSE 34
    END AS "n12_r",
    CASE
      WHEN NOT "s5_ok"
      THEN CASE WHEN "s5_why" = 1 THEN 35 WHEN "s5_why" = 3 THEN 36 ELSE 37 END
      WHEN "n13_t"
      THEN 38
      WHEN NOT (
        "n13_t"
      )
      THEN 39
      WHEN "s5_own_high" IS NULL
      THEN 40
      ELSE 41
    END AS "n14_r",
    CASE
      WHEN NOT "s4_ok"
      THEN CASE WHEN "s4_why" = 1 THEN 28 WHEN "s4_why" = 3 THEN 29 ELSE 30 END
      WHEN "n17_t"
      THEN 31
      WHEN NOT (
        "n17_t"
      )
      THEN 32
      WHEN "s4_own_high" IS NULL
      THEN 33
      ELSE 34
    END AS "n18_r",
    CASE
      WHEN NOT "s5_ok"
      THEN CASE WHEN "s5_why" = 1 THEN 35 WHEN "s5_why" = 3 THEN 36 ELSE 37 END
      WHEN "n19_t"
      THEN 38
      WHEN NOT (
        "n19_t"
      )
      THEN 39
      WHEN "s5_own_high" IS NULL
      THEN 40
      ELSE 41
    END AS "n20_r",
    CASE
      WHEN NOT "s6_ok"
      THEN CASE WHEN "s6_why" = 1 THEN 43 WHEN "s6_why" = 3 THEN 44 ELSE 45 END
      WHEN "n25_t"
      THEN 46
      WHEN NOT (
        "n25_t"
      )
      THEN 47
      WHEN "s6_own_high" IS NULL
      THEN 48
      ELSE 49
    END AS "n26_r",
    CASE
      WHEN NOT "r7_ok"
      THEN CASE WHEN "r7_why" = 1 THEN 50 WHEN "r7_why" = 3 THEN 51 ELSE 52 END
      WHEN "r7_t0_lo" IS NULL
      THEN 50
      WHEN "n27_t"
      THEN 53
      WHEN NOT (
        "n27_t"
      )
      THEN 54
      ELSE 55
    END AS "n28_r",
    CASE
      WHEN NOT "r8_ok"
      THEN CASE WHEN "r8_why" = 1 THEN 56 WHEN "r8_why" = 3 THEN 57 ELSE 58 END
      WHEN "r8_t0_lo" IS NULL
      THEN 56
      WHEN "n31_t"
      THEN 59
      WHEN NOT (
        "n31_t"
      )
      THEN 60
      ELSE 61
    END AS "n32_r",
    CASE
      WHEN NOT "r9_ok"
      THEN CASE WHEN "r9_why" = 1 THEN 62 WHEN "r9_why" = 3 THEN 63 ELSE 64 END
      WHEN "r9_t0_lo" IS NULL
      THEN 62
      WHEN "n33_t"
      THEN 65
      WHEN NOT (
        "n33_t"
      )
      THEN 66
      ELSE 67
    END AS "n34_r",
    CASE
      WHEN NOT "r10_ok"
      THEN CASE WHEN "r10_why" = 1 THEN 68 WHEN "r10_why" = 3 THEN 69 ELSE 70 END
      WHEN "r10_t0_lo" IS NULL
      THEN 68
      WHEN "n35_t"
      THEN 71
      WHEN NOT (
        "n35_t"
      )
      THEN 72
      ELSE 73
    END AS "n36_r",
    CASE
      WHEN NOT "r11_ok"
      THEN CASE WHEN "r11_why" = 1 THEN 74 WHEN "r11_why" = 3 THEN 75 ELSE 76 END
      WHEN "r11_t0_lo" IS NULL
      THEN 74
      WHEN "n37_t"
      THEN 77
      WHEN NOT (
        "n37_t"
      )
      THEN 78
      ELSE 79
    END AS "n38_r",
    CASE
      WHEN NOT "s22_ok"
      THEN CASE WHEN "s22_why" = 1 THEN 80 WHEN "s22_why" = 3 THEN 81 ELSE 82 END
      WHEN "n39_t"
      THEN 83
      WHEN NOT (
        "n39_t"
      )
      THEN 84
      ELSE 85
    END AS "n40_r",
    CASE
      WHEN NOT "r13_ok"
      THEN CASE WHEN "r13_why" = 1 THEN 86 WHEN "r13_why" = 3 THEN 87 ELSE 88 END
      WHEN "r13_lo" IS NULL
      THEN 86
      WHEN "n41_t"
      THEN 89
      WHEN NOT (
        "n41_t"
      )
      THEN 90
      ELSE 91
    END AS "n42_r",
    CASE
      WHEN NOT "r14_ok"
      THEN CASE WHEN "r14_why" = 1 THEN 92 WHEN "r14_why" = 3 THEN 93 ELSE 94 END
      WHEN "r14_t0_lo" IS NULL
      THEN 92
      WHEN "n43_t"
      THEN 95
      WHEN NOT (
        "n43_t"
      )
      THEN 96
      ELSE 97
    END AS "n44_r",
    CASE
      WHEN "x_pregnancy__current2" = 1
      THEN 98
      WHEN COALESCE("gender_concept_id" IN (8507), FALSE)
      THEN 99
      WHEN "x_pregnancy__unread3" = 1
      THEN 100
      ELSE 101
    END AS "n46_r",
    CASE
      WHEN "x_major_surgery__since4" = 0
      THEN 102
      WHEN "x_major_surgery__since4" = 2
      THEN 103
      WHEN "x_major_surgery__since4" = 1
      THEN 104
      ELSE 105
    END AS "n50_r",
    CASE
      WHEN "x_hepatitis_b__current5" = 1
      THEN 106
      WHEN "x_hepatitis_b__unread6" = 1
      THEN 107
      ELSE 108
    END AS "n52_r",
    109 AS "n54_r"
  FROM lv0
), lv2 AS (
  SELECT
    *,
    (
      "n11_t"
    ) AND (
      "n13_t"
    ) AS "n15_t",
    (
      "n17_t"
    ) AND (
      "n19_t"
    ) AS "n21_t",
    (
      "n25_t"
    ) OR (
      "n27_t"
    ) AS "n29_t",
    NOT (
      "n45_t"
    ) AS "n47_t"
  FROM lv1
), lv3 AS (
  SELECT
    *,
    CASE
      WHEN NOT (
        "n15_t"
      )
      THEN CASE WHEN NOT (
        "n11_t"
      ) THEN "n12_r" WHEN NOT (
        "n13_t"
      ) THEN "n14_r" END
      WHEN "n15_t" IS NULL
      THEN CASE WHEN "n11_t" IS NULL THEN "n12_r" WHEN "n13_t" IS NULL THEN "n14_r" END
      ELSE "n12_r"
    END AS "n16_r",
    CASE
      WHEN NOT (
        "n21_t"
      )
      THEN CASE WHEN NOT (
        "n17_t"
      ) THEN "n18_r" WHEN NOT (
        "n19_t"
      ) THEN "n20_r" END
      WHEN "n21_t" IS NULL
      THEN CASE WHEN "n17_t" IS NULL THEN "n18_r" WHEN "n19_t" IS NULL THEN "n20_r" END
      ELSE "n18_r"
    END AS "n22_r",
    CASE
      WHEN "n29_t"
      THEN CASE WHEN "n25_t" THEN "n26_r" WHEN "n27_t" THEN "n28_r" END
      WHEN "n29_t" IS NULL
      THEN CASE WHEN "n25_t" IS NULL THEN "n26_r" WHEN "n27_t" IS NULL THEN "n28_r" END
      ELSE "n26_r"
    END AS "n30_r",
    "n46_r" AS "n48_r"
  FROM lv2
), lv4 AS (
  SELECT
    *,
    CASE
      WHEN CASE
        WHEN "x_liver_metastases__ever0" = 1
        THEN TRUE
        WHEN "x_liver_metastases__unread1" = 1
        THEN CAST(NULL AS BOOLEAN)
        ELSE CAST(NULL AS BOOLEAN)
      END
      THEN "n15_t"
      WHEN NOT (
        CASE
          WHEN "x_liver_metastases__ever0" = 1
          THEN TRUE
          WHEN "x_liver_metastases__unread1" = 1
          THEN CAST(NULL AS BOOLEAN)
          ELSE CAST(NULL AS BOOLEAN)
        END
      )
      THEN "n21_t"
      ELSE CASE WHEN "n15_t" = "n21_t" THEN "n15_t" ELSE CAST(NULL AS BOOLEAN) END
    END AS "n23_t"
  FROM lv3
), lv5 AS (
  SELECT
    *,
    CASE
      WHEN CASE
        WHEN "x_liver_metastases__ever0" = 1
        THEN TRUE
        WHEN "x_liver_metastases__unread1" = 1
        THEN CAST(NULL AS BOOLEAN)
        ELSE CAST(NULL AS BOOLEAN)
      END
      THEN "n16_r"
      WHEN NOT (
        CASE
          WHEN "x_liver_metastases__ever0" = 1
          THEN TRUE
          WHEN "x_liver_metastases__unread1" = 1
          THEN CAST(NULL AS BOOLEAN)
          ELSE CAST(NULL AS BOOLEAN)
        END
      )
      THEN "n22_r"
      WHEN "n15_t" = "n21_t" OR (
        "n15_t" IS NULL AND "n21_t" IS NULL
      )
      THEN "n22_r"
      ELSE 42
    END AS "n24_r"
  FROM lv4
), st AS (
  SELECT
    "person_id",
    CASE
      WHEN "n1_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n1_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "age",
    CASE
      WHEN "n3_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n3_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "sex",
    CASE
      WHEN "n5_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n5_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "plt",
    CASE
      WHEN "n7_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n7_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "hgb",
    CASE
      WHEN "n9_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n9_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "bili",
    CASE
      WHEN "n23_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n23_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "lft",
    CASE
      WHEN "n29_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n29_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "renal",
    CASE
      WHEN "n31_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n31_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "egfr",
    CASE
      WHEN "n33_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n33_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "anc",
    CASE
      WHEN "n35_t"
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n35_t"
      )
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "calcium",
    CASE
      WHEN "n37_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n37_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "bmi",
    CASE
      WHEN "n39_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n39_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "alb",
    CASE
      WHEN "n41_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n41_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "ecog",
    CASE
      WHEN "n43_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n43_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "kps",
    CASE
      WHEN "n47_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n47_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "preg",
    CASE
      WHEN "n49_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n49_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "surgery",
    CASE
      WHEN "n51_t"
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n51_t"
      )
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "hepb",
    CASE
      WHEN "n53_t"
      THEN CAST('pass' AS ENUM('pass', 'fail', 'unknown'))
      WHEN NOT (
        "n53_t"
      )
      THEN CAST('fail' AS ENUM('pass', 'fail', 'unknown'))
      ELSE CAST('unknown' AS ENUM('pass', 'fail', 'unknown'))
    END AS "other",
    CASE
      WHEN "n2_r" = 1
      THEN CAST('age:implausible' AS ENUM('age:implausible', 'age:interval', 'age:low', 'age:missing', 'age:ok', 'age:unit'))
      WHEN "n2_r" = 5
      THEN CAST('age:interval' AS ENUM('age:implausible', 'age:interval', 'age:low', 'age:missing', 'age:ok', 'age:unit'))
      WHEN "n2_r" = 4
      THEN CAST('age:low' AS ENUM('age:implausible', 'age:interval', 'age:low', 'age:missing', 'age:ok', 'age:unit'))
      WHEN "n2_r" = 2
      THEN CAST('age:missing' AS ENUM('age:implausible', 'age:interval', 'age:low', 'age:missing', 'age:ok', 'age:unit'))
      WHEN "n2_r" = 3
      THEN CAST('age:ok' AS ENUM('age:implausible', 'age:interval', 'age:low', 'age:missing', 'age:ok', 'age:unit'))
      WHEN "n2_r" = 0
      THEN CAST('age:unit' AS ENUM('age:implausible', 'age:interval', 'age:low', 'age:missing', 'age:ok', 'age:unit'))
    END AS "age_reason",
    CASE
      WHEN "n4_r" = 8
      THEN CAST('sex:missing' AS ENUM('sex:missing', 'sex:ok', 'sex:other'))
      WHEN "n4_r" = 6
      THEN CAST('sex:ok' AS ENUM('sex:missing', 'sex:ok', 'sex:other'))
      WHEN "n4_r" = 7
      THEN CAST('sex:other' AS ENUM('sex:missing', 'sex:ok', 'sex:other'))
    END AS "sex_reason",
    CASE
      WHEN "n6_r" = 10
      THEN CAST('platelets:implausible' AS ENUM('platelets:implausible', 'platelets:interval', 'platelets:low', 'platelets:missing', 'platelets:ok', 'platelets:unit'))
      WHEN "n6_r" = 14
      THEN CAST('platelets:interval' AS ENUM('platelets:implausible', 'platelets:interval', 'platelets:low', 'platelets:missing', 'platelets:ok', 'platelets:unit'))
      WHEN "n6_r" = 13
      THEN CAST('platelets:low' AS ENUM('platelets:implausible', 'platelets:interval', 'platelets:low', 'platelets:missing', 'platelets:ok', 'platelets:unit'))
      WHEN "n6_r" = 11
      THEN CAST('platelets:missing' AS ENUM('platelets:implausible', 'platelets:interval', 'platelets:low', 'platelets:missing', 'platelets:ok', 'platelets:unit'))
      WHEN "n6_r" = 12
      THEN CAST('platelets:ok' AS ENUM('platelets:implausible', 'platelets:interval', 'platelets:low', 'platelets:missing', 'platelets:ok', 'platelets:unit'))
      WHEN "n6_r" = 9
      THEN CAST('platelets:unit' AS ENUM('platelets:implausible', 'platelets:interval', 'platelets:low', 'platelets:missing', 'platelets:ok', 'platelets:unit'))
    END AS "plt_reason",
    CASE
      WHEN "n8_r" = 16
      THEN CAST('hemoglobin:implausible' AS ENUM('hemoglobin:implausible', 'hemoglobin:interval', 'hemoglobin:missing', 'hemoglobin:ok', 'hemoglobin:out', 'hemoglobin:unit'))
      WHEN "n8_r" = 20
      THEN CAST('hemoglobin:interval' AS ENUM('hemoglobin:implausible', 'hemoglobin:interval', 'hemoglobin:missing', 'hemoglobin:ok', 'hemoglobin:out', 'hemoglobin:unit'))
      WHEN "n8_r" = 17
      THEN CAST('hemoglobin:missing' AS ENUM('hemoglobin:implausible', 'hemoglobin:interval', 'hemoglobin:missing', 'hemoglobin:ok', 'hemoglobin:out', 'hemoglobin:unit'))
      WHEN "n8_r" = 18
      THEN CAST('hemoglobin:ok' AS ENUM('hemoglobin:implausible', 'hemoglobin:interval', 'hemoglobin:missing', 'hemoglobin:ok', 'hemoglobin:out', 'hemoglobin:unit'))
      WHEN "n8_r" = 19
      THEN CAST('hemoglobin:out' AS ENUM('hemoglobin:implausible', 'hemoglobin:interval', 'hemoglobin:missing', 'hemoglobin:ok', 'hemoglobin:out', 'hemoglobin:unit'))
      WHEN "n8_r" = 15
      THEN CAST('hemoglobin:unit' AS ENUM('hemoglobin:implausible', 'hemoglobin:interval', 'hemoglobin:missing', 'hemoglobin:ok', 'hemoglobin:out', 'hemoglobin:unit'))
    END AS "hgb_reason",
    CASE
      WHEN "n10_r" = 25
      THEN CAST('total bilirubin:high' AS ENUM('total bilirubin:high', 'total bilirubin:implausible', 'total bilirubin:interval', 'total bilirubin:missing', 'total bilirubin:ok', 'total bilirubin:uln_span', 'total bilirubin:unit'))
      WHEN "n10_r" = 22
      THEN CAST('total bilirubin:implausible' AS ENUM('total bilirubin:high', 'total bilirubin:implausible', 'total bilirubin:interval', 'total bilirubin:missing', 'total bilirubin:ok', 'total bilirubin:uln_span', 'total bilirubin:unit'))
      WHEN "n10_r" = 27
      THEN CAST('total bilirubin:interval' AS ENUM('total bilirubin:high', 'total bilirubin:implausible', 'total bilirubin:interval', 'total bilirubin:missing', 'total bilirubin:ok', 'total bilirubin:uln_span', 'total bilirubin:unit'))
      WHEN "n10_r" = 23
      THEN CAST('total bilirubin:missing' AS ENUM('total bilirubin:high', 'total bilirubin:implausible', 'total bilirubin:interval', 'total bilirubin:missing', 'total bilirubin:ok', 'total bilirubin:uln_span', 'total bilirubin:unit'))
      WHEN "n10_r" = 24
      THEN CAST('total bilirubin:ok' AS ENUM('total bilirubin:high', 'total bilirubin:implausible', 'total bilirubin:interval', 'total bilirubin:missing', 'total bilirubin:ok', 'total bilirubin:uln_span', 'total bilirubin:unit'))
      WHEN "n10_r" = 26
      THEN CAST('total bilirubin:uln_span' AS ENUM('total bilirubin:high', 'total bilirubin:implausible', 'total bilirubin:interval', 'total bilirubin:missing', 'total bilirubin:ok', 'total bilirubin:uln_span', 'total bilirubin:unit'))
      WHEN "n10_r" = 21
      THEN CAST('total bilirubin:unit' AS ENUM('total bilirubin:high', 'total bilirubin:implausible', 'total bilirubin:interval', 'total bilirubin:missing', 'total bilirubin:ok', 'total bilirubin:uln_span', 'total bilirubin:unit'))
    END AS "bili_reason",
    CASE
      WHEN "n24_r" = 39
      THEN CAST('alt:high' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
      WHEN "n24_r" = 36
      THEN CAST('alt:implausible' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
      WHEN "n24_r" = 41
      THEN CAST('alt:interval' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
      WHEN "n24_r" = 37
      THEN CAST('alt:missing' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
      WHEN "n24_r" = 38
      THEN CAST('alt:ok' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
      WHEN "n24_r" = 40
      THEN CAST('alt:uln_span' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
      WHEN "n24_r" = 35
      THEN CAST('alt:unit' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
      WHEN "n24_r" = 32
      THEN CAST('ast:high' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
      WHEN "n24_r" = 29
      THEN CAST('ast:implausible' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
      WHEN "n24_r" = 34
      THEN CAST('ast:interval' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
      WHEN "n24_r" = 30
      THEN CAST('ast:missing' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
      WHEN "n24_r" = 31
      THEN CAST('ast:ok' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
      WHEN "n24_r" = 33
      THEN CAST('ast:uln_span' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
      WHEN "n24_r" = 28
      THEN CAST('ast:unit' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
      WHEN "n24_r" = 42
      THEN CAST('condition:liver metastases' AS ENUM('alt:high', 'alt:implausible', 'alt:interval', 'alt:missing', 'alt:ok', 'alt:uln_span', 'alt:unit', 'ast:high', 'ast:implausible', 'ast:interval', 'ast:missing', 'ast:ok', 'ast:uln_span', 'ast:unit', 'condition:liver metastases'))
    END AS "lft_reason",
    CASE
      WHEN "n30_r" = 51
      THEN CAST('creatinine clearance:implausible' AS ENUM('creatinine clearance:implausible', 'creatinine clearance:interval', 'creatinine clearance:low', 'creatinine clearance:missing', 'creatinine clearance:ok', 'creatinine clearance:unit', 'creatinine:high', 'creatinine:implausible', 'creatinine:interval', 'creatinine:missing', 'creatinine:ok', 'creatinine:uln_span', 'creatinine:unit'))
      WHEN "n30_r" = 55
      THEN CAST('creatinine clearance:interval' AS ENUM('creatinine clearance:implausible', 'creatinine clearance:interval', 'creatinine clearance:low', 'creatinine clearance:missing', 'creatinine clearance:ok', 'creatinine clearance:unit', 'creatinine:high', 'creatinine:implausible', 'creatinine:interval', 'creatinine:missing', 'creatinine:ok', 'creatinine:uln_span', 'creatinine:unit'))
      WHEN "n30_r" = 54
      THEN CAST('creatinine clearance:low' AS ENUM('creatinine clearance:implausible', 'creatinine clearance:interval', 'creatinine clearance:low', 'creatinine clearance:missing', 'creatinine clearance:ok', 'creatinine clearance:unit', 'creatinine:high', 'creatinine:implausible', 'creatinine:interval', 'creatinine:missing', 'creatinine:ok', 'creatinine:uln_span', 'creatinine:unit'))
      WHEN "n30_r" = 52
      THEN CAST('creatinine clearance:missing' AS ENUM('creatinine clearance:implausible', 'creatinine clearance:interval', 'creatinine clearance:low', 'creatinine clearance:missing', 'creatinine clearance:ok', 'creatinine clearance:unit', 'creatinine:high', 'creatinine:implausible', 'creatinine:interval', 'creatinine:missing', 'creatinine:ok', 'creatinine:uln_span', 'creatinine:unit'))
      WHEN "n30_r" = 53
      THEN CAST('creatinine clearance:ok' AS ENUM('creatinine clearance:implausible', 'creatinine clearance:interval', 'creatinine clearance:low', 'creatinine clearance:missing', 'creatinine clearance:ok', 'creatinine clearance:unit', 'creatinine:high', 'creatinine:implausible', 'creatinine:interval', 'creatinine:missing', 'creatinine:ok', 'creatinine:uln_span', 'creatinine:unit'))
      WHEN "n30_r" = 50
      THEN CAST('creatinine clearance:unit' AS ENUM('creatinine clearance:implausible', 'creatinine clearance:interval', 'creatinine clearance:low', 'creatinine clearance:missing', 'creatinine clearance:ok', 'creatinine clearance:unit', 'creatinine:high', 'creatinine:implausible', 'creatinine:interval', 'creatinine:missing', 'creatinine:ok', 'creatinine:uln_span', 'creatinine:unit'))
      WHEN "n30_r" = 47
      THEN CAST('creatinine:high' AS ENUM('creatinine clearance:implausible', 'creatinine clearance:interval', 'creatinine clearance:low', 'creatinine clearance:missing', 'creatinine clearance:ok', 'creatinine clearance:unit', 'creatinine:high', 'creatinine:implausible', 'creatinine:interval', 'creatinine:missing', 'creatinine:ok', 'creatinine:uln_span', 'creatinine:unit'))
      WHEN "n30_r" = 44
      THEN CAST('creatinine:implausible' AS ENUM('creatinine clearance:implausible', 'creatinine clearance:interval', 'creatinine clearance:low', 'creatinine clearance:missing', 'creatinine clearance:ok', 'creatinine clearance:unit', 'creatinine:high', 'creatinine:implausible', 'creatinine:interval', 'creatinine:missing', 'creatinine:ok', 'creatinine:uln_span', 'creatinine:unit'))
      WHEN "n30_r" = 49
      THEN CAST('creatinine:interval' AS ENUM('creatinine clearance:implausible', 'creatinine clearance:interval', 'creatinine clearance:low', 'creatinine clearance:missing', 'creatinine clearance:ok', 'creatinine clearance:unit', 'creatinine:high', 'creatinine:implausible', 'creatinine:interval', 'creatinine:missing', 'creatinine:ok', 'creatinine:uln_span', 'creatinine:unit'))
      WHEN "n30_r" = 45
      THEN CAST('creatinine:missing' AS ENUM('creatinine clearance:implausible', 'creatinine clearance:interval', 'creatinine clearance:low', 'creatinine clearance:missing', 'creatinine clearance:ok', 'creatinine clearance:unit', 'creatinine:high', 'creatinine:implausible', 'creatinine:interval', 'creatinine:missing', 'creatinine:ok', 'creatinine:uln_span', 'creatinine:unit'))
      WHEN "n30_r" = 46
      THEN CAST('creatinine:ok' AS ENUM('creatinine clearance:implausible', 'creatinine clearance:interval', 'creatinine clearance:low', 'creatinine clearance:missing', 'creatinine clearance:ok', 'creatinine clearance:unit', 'creatinine:high', 'creatinine:implausible', 'creatinine:interval', 'creatinine:missing', 'creatinine:ok', 'creatinine:uln_span', 'creatinine:unit'))
      WHEN "n30_r" = 48
      THEN CAST('creatinine:uln_span' AS ENUM('creatinine clearance:implausible', 'creatinine clearance:interval', 'creatinine clearance:low', 'creatinine clearance:missing', 'creatinine clearance:ok', 'creatinine clearance:unit', 'creatinine:high', 'creatinine:implausible', 'creatinine:interval', 'creatinine:missing', 'creatinine:ok', 'creatinine:uln_span', 'creatinine:unit'))
      WHEN "n30_r" = 43
      THEN CAST('creatinine:unit' AS ENUM('creatinine clearance:implausible', 'creatinine clearance:interval', 'creatinine clearance:low', 'creatinine clearance:missing', 'creatinine clearance:ok', 'creatinine clearance:unit', 'creatinine:high', 'creatinine:implausible', 'creatinine:interval', 'creatinine:missing', 'creatinine:ok', 'creatinine:uln_span', 'creatinine:unit'))
    END AS "renal_reason",
    CASE
      WHEN "n32_r" = 57
      THEN CAST('egfr:implausible' AS ENUM('egfr:implausible', 'egfr:interval', 'egfr:low', 'egfr:missing', 'egfr:ok', 'egfr:unit'))
      WHEN "n32_r" = 61
      THEN CAST('egfr:interval' AS ENUM('egfr:implausible', 'egfr:interval', 'egfr:low', 'egfr:missing', 'egfr:ok', 'egfr:unit'))
      WHEN "n32_r" = 60
      THEN CAST('egfr:low' AS ENUM('egfr:implausible', 'egfr:interval', 'egfr:low', 'egfr:missing', 'egfr:ok', 'egfr:unit'))
      WHEN "n32_r" = 58
      THEN CAST('egfr:missing' AS ENUM('egfr:implausible', 'egfr:interval', 'egfr:low', 'egfr:missing', 'egfr:ok', 'egfr:unit'))
      WHEN "n32_r" = 59
      THEN CAST('egfr:ok' AS ENUM('egfr:implausible', 'egfr:interval', 'egfr:low', 'egfr:missing', 'egfr:ok', 'egfr:unit'))
      WHEN "n32_r" = 56
      THEN CAST('egfr:unit' AS ENUM('egfr:implausible', 'egfr:interval', 'egfr:low', 'egfr:missing', 'egfr:ok', 'egfr:unit'))
    END AS "egfr_reason",
    CASE
      WHEN "n34_r" = 63
      THEN CAST('absolute neutrophil count:implausible' AS ENUM('absolute neutrophil count:implausible', 'absolute neutrophil count:interval', 'absolute neutrophil count:low', 'absolute neutrophil count:missing', 'absolute neutrophil count:ok', 'absolute neutrophil count:unit'))
      WHEN "n34_r" = 67
      THEN CAST('absolute neutrophil count:interval' AS ENUM('absolute neutrophil count:implausible', 'absolute neutrophil count:interval', 'absolute neutrophil count:low', 'absolute neutrophil count:missing', 'absolute neutrophil count:ok', 'absolute neutrophil count:unit'))
      WHEN "n34_r" = 66
      THEN CAST('absolute neutrophil count:low' AS ENUM('absolute neutrophil count:implausible', 'absolute neutrophil count:interval', 'absolute neutrophil count:low', 'absolute neutrophil count:missing', 'absolute neutrophil count:ok', 'absolute neutrophil count:unit'))
      WHEN "n34_r" = 64
      THEN CAST('absolute neutrophil count:missing' AS ENUM('absolute neutrophil count:implausible', 'absolute neutrophil count:interval', 'absolute neutrophil count:low', 'absolute neutrophil count:missing', 'absolute neutrophil count:ok', 'absolute neutrophil count:unit'))
      WHEN "n34_r" = 65
      THEN CAST('absolute neutrophil count:ok' AS ENUM('absolute neutrophil count:implausible', 'absolute neutrophil count:interval', 'absolute neutrophil count:low', 'absolute neutrophil count:missing', 'absolute neutrophil count:ok', 'absolute neutrophil count:unit'))
      WHEN "n34_r" = 62
      THEN CAST('absolute neutrophil count:unit' AS ENUM('absolute neutrophil count:implausible', 'absolute neutrophil count:interval', 'absolute neutrophil count:low', 'absolute neutrophil count:missing', 'absolute neutrophil count:ok', 'absolute neutrophil count:unit'))
    END AS "anc_reason",
    CASE
      WHEN "n36_r" = 69
      THEN CAST('corrected calcium:implausible' AS ENUM('corrected calcium:implausible', 'corrected calcium:interval', 'corrected calcium:low', 'corrected calcium:missing', 'corrected calcium:ok', 'corrected calcium:unit'))
      WHEN "n36_r" = 73
      THEN CAST('corrected calcium:interval' AS ENUM('corrected calcium:implausible', 'corrected calcium:interval', 'corrected calcium:low', 'corrected calcium:missing', 'corrected calcium:ok', 'corrected calcium:unit'))
      WHEN "n36_r" = 72
      THEN CAST('corrected calcium:low' AS ENUM('corrected calcium:implausible', 'corrected calcium:interval', 'corrected calcium:low', 'corrected calcium:missing', 'corrected calcium:ok', 'corrected calcium:unit'))
      WHEN "n36_r" = 70
      THEN CAST('corrected calcium:missing' AS ENUM('corrected calcium:implausible', 'corrected calcium:interval', 'corrected calcium:low', 'corrected calcium:missing', 'corrected calcium:ok', 'corrected calcium:unit'))
      WHEN "n36_r" = 71
      THEN CAST('corrected calcium:ok' AS ENUM('corrected calcium:implausible', 'corrected calcium:interval', 'corrected calcium:low', 'corrected calcium:missing', 'corrected calcium:ok', 'corrected calcium:unit'))
      WHEN "n36_r" = 68
      THEN CAST('corrected calcium:unit' AS ENUM('corrected calcium:implausible', 'corrected calcium:interval', 'corrected calcium:low', 'corrected calcium:missing', 'corrected calcium:ok', 'corrected calcium:unit'))
    END AS "calcium_reason",
    CASE
      WHEN "n38_r" = 78
      THEN CAST('bmi:high' AS ENUM('bmi:high', 'bmi:implausible', 'bmi:interval', 'bmi:missing', 'bmi:ok', 'bmi:unit'))
      WHEN "n38_r" = 75
      THEN CAST('bmi:implausible' AS ENUM('bmi:high', 'bmi:implausible', 'bmi:interval', 'bmi:missing', 'bmi:ok', 'bmi:unit'))
      WHEN "n38_r" = 79
      THEN CAST('bmi:interval' AS ENUM('bmi:high', 'bmi:implausible', 'bmi:interval', 'bmi:missing', 'bmi:ok', 'bmi:unit'))
      WHEN "n38_r" = 76
      THEN CAST('bmi:missing' AS ENUM('bmi:high', 'bmi:implausible', 'bmi:interval', 'bmi:missing', 'bmi:ok', 'bmi:unit'))
      WHEN "n38_r" = 77
      THEN CAST('bmi:ok' AS ENUM('bmi:high', 'bmi:implausible', 'bmi:interval', 'bmi:missing', 'bmi:ok', 'bmi:unit'))
      WHEN "n38_r" = 74
      THEN CAST('bmi:unit' AS ENUM('bmi:high', 'bmi:implausible', 'bmi:interval', 'bmi:missing', 'bmi:ok', 'bmi:unit'))
    END AS "bmi_reason",
    CASE
      WHEN "n40_r" = 84
      THEN CAST('albumin:abnormal' AS ENUM('albumin:abnormal', 'albumin:implausible', 'albumin:interval', 'albumin:missing', 'albumin:ok', 'albumin:unit'))
      WHEN "n40_r" = 81
      THEN CAST('albumin:implausible' AS ENUM('albumin:abnormal', 'albumin:implausible', 'albumin:interval', 'albumin:missing', 'albumin:ok', 'albumin:unit'))
      WHEN "n40_r" = 85
      THEN CAST('albumin:interval' AS ENUM('albumin:abnormal', 'albumin:implausible', 'albumin:interval', 'albumin:missing', 'albumin:ok', 'albumin:unit'))
      WHEN "n40_r" = 82
      THEN CAST('albumin:missing' AS ENUM('albumin:abnormal', 'albumin:implausible', 'albumin:interval', 'albumin:missing', 'albumin:ok', 'albumin:unit'))
      WHEN "n40_r" = 83
      THEN CAST('albumin:ok' AS ENUM('albumin:abnormal', 'albumin:implausible', 'albumin:interval', 'albumin:missing', 'albumin:ok', 'albumin:unit'))
      WHEN "n40_r" = 80
      THEN CAST('albumin:unit' AS ENUM('albumin:abnormal', 'albumin:implausible', 'albumin:interval', 'albumin:missing', 'albumin:ok', 'albumin:unit'))
    END AS "alb_reason",
    CASE
      WHEN "n42_r" = 87
      THEN CAST('ecog:implausible' AS ENUM('ecog:implausible', 'ecog:interval', 'ecog:missing', 'ecog:ok', 'ecog:other', 'ecog:unit'))
      WHEN "n42_r" = 91
      THEN CAST('ecog:interval' AS ENUM('ecog:implausible', 'ecog:interval', 'ecog:missing', 'ecog:ok', 'ecog:other', 'ecog:unit'))
      WHEN "n42_r" = 88
      THEN CAST('ecog:missing' AS ENUM('ecog:implausible', 'ecog:interval', 'ecog:missing', 'ecog:ok', 'ecog:other', 'ecog:unit'))
      WHEN "n42_r" = 89
      THEN CAST('ecog:ok' AS ENUM('ecog:implausible', 'ecog:interval', 'ecog:missing', 'ecog:ok', 'ecog:other', 'ecog:unit'))
      WHEN "n42_r" = 90
      THEN CAST('ecog:other' AS ENUM('ecog:implausible', 'ecog:interval', 'ecog:missing', 'ecog:ok', 'ecog:other', 'ecog:unit'))
      WHEN "n42_r" = 86
      THEN CAST('ecog:unit' AS ENUM('ecog:implausible', 'ecog:interval', 'ecog:missing', 'ecog:ok', 'ecog:other', 'ecog:unit'))
    END AS "ecog_reason",
    CASE
      WHEN "n44_r" = 93
      THEN CAST('karnofsky:implausible' AS ENUM('karnofsky:implausible', 'karnofsky:interval', 'karnofsky:low', 'karnofsky:missing', 'karnofsky:ok', 'karnofsky:unit'))
      WHEN "n44_r" = 97
      THEN CAST('karnofsky:interval' AS ENUM('karnofsky:implausible', 'karnofsky:interval', 'karnofsky:low', 'karnofsky:missing', 'karnofsky:ok', 'karnofsky:unit'))
      WHEN "n44_r" = 96
      THEN CAST('karnofsky:low' AS ENUM('karnofsky:implausible', 'karnofsky:interval', 'karnofsky:low', 'karnofsky:missing', 'karnofsky:ok', 'karnofsky:unit'))
      WHEN "n44_r" = 94
      THEN CAST('karnofsky:missing' AS ENUM('karnofsky:implausible', 'karnofsky:interval', 'karnofsky:low', 'karnofsky:missing', 'karnofsky:ok', 'karnofsky:unit'))
      WHEN "n44_r" = 95
      THEN CAST('karnofsky:ok' AS ENUM('karnofsky:implausible', 'karnofsky:interval', 'karnofsky:low', 'karnofsky:missing', 'karnofsky:ok', 'karnofsky:unit'))
      WHEN "n44_r" = 92
      THEN CAST('karnofsky:unit' AS ENUM('karnofsky:implausible', 'karnofsky:interval', 'karnofsky:low', 'karnofsky:missing', 'karnofsky:ok', 'karnofsky:unit'))
    END AS "kps_reason",
    CASE
      WHEN "n48_r" = 100
      THEN CAST('pregnancy:no_vocabulary' AS ENUM('pregnancy:no_vocabulary', 'pregnancy:not_recorded', 'pregnancy:recorded', 'pregnancy:ruled_out'))
      WHEN "n48_r" = 101
      THEN CAST('pregnancy:not_recorded' AS ENUM('pregnancy:no_vocabulary', 'pregnancy:not_recorded', 'pregnancy:recorded', 'pregnancy:ruled_out'))
      WHEN "n48_r" = 98
      THEN CAST('pregnancy:recorded' AS ENUM('pregnancy:no_vocabulary', 'pregnancy:not_recorded', 'pregnancy:recorded', 'pregnancy:ruled_out'))
      WHEN "n48_r" = 99
      THEN CAST('pregnancy:ruled_out' AS ENUM('pregnancy:no_vocabulary', 'pregnancy:not_recorded', 'pregnancy:recorded', 'pregnancy:ruled_out'))
    END AS "preg_reason",
    CASE
      WHEN "n50_r" = 105
      THEN CAST('major surgery:not_recorded' AS ENUM('major surgery:not_recorded', 'major surgery:ok', 'major surgery:too_recent', 'major surgery:undated'))
      WHEN "n50_r" = 103
      THEN CAST('major surgery:ok' AS ENUM('major surgery:not_recorded', 'major surgery:ok', 'major surgery:too_recent', 'major surgery:undated'))
      WHEN "n50_r" = 102
      THEN CAST('major surgery:too_recent' AS ENUM('major surgery:not_recorded', 'major surgery:ok', 'major surgery:too_recent', 'major surgery:undated'))
      WHEN "n50_r" = 104
      THEN CAST('major surgery:undated' AS ENUM('major surgery:not_recorded', 'major surgery:ok', 'major surgery:too_recent', 'major surgery:undated'))
    END AS "surgery_reason",
    CASE
      WHEN "n52_r" = 107
      THEN CAST('hepatitis b:no_vocabulary' AS ENUM('hepatitis b:no_vocabulary', 'hepatitis b:not_recorded', 'hepatitis b:recorded'))
      WHEN "n52_r" = 108
      THEN CAST('hepatitis b:not_recorded' AS ENUM('hepatitis b:no_vocabulary', 'hepatitis b:not_recorded', 'hepatitis b:recorded'))
      WHEN "n52_r" = 106
      THEN CAST('hepatitis b:recorded' AS ENUM('hepatitis b:no_vocabulary', 'hepatitis b:not_recorded', 'hepatitis b:recorded'))
    END AS "hepb_reason",
    CASE WHEN "n54_r" = 109 THEN CAST('manual' AS ENUM('manual')) END AS "other_reason"
  FROM lv5
)
SELECT
  "person_id",
  'GOLDEN-1' AS "trial_id",
  CASE
    WHEN "age" = 'fail'
    OR "sex" = 'fail'
    OR "plt" = 'fail'
    OR "hgb" = 'fail'
    OR "bili" = 'fail'
    OR "lft" = 'fail'
    OR "renal" = 'fail'
    OR "egfr" = 'fail'
    OR "anc" = 'fail'
    OR "calcium" = 'fail'
    OR "bmi" = 'fail'
    OR "alb" = 'fail'
    OR "ecog" = 'fail'
    OR "kps" = 'fail'
    OR "preg" = 'fail'
    OR "surgery" = 'fail'
    OR "hepb" = 'fail'
    OR "other" = 'fail'
    THEN CAST('not eligible' AS ENUM('eligible', 'eligible pending review', 'needs data', 'not eligible'))
    WHEN "age" = 'unknown'
    OR "sex" = 'unknown'
    OR "plt" = 'unknown'
    OR "hgb" = 'unknown'
    OR "bili" = 'unknown'
    OR "lft" = 'unknown'
    OR "renal" = 'unknown'
    OR "egfr" = 'unknown'
    OR "anc" = 'unknown'
    OR "calcium" = 'unknown'
    OR "bmi" = 'unknown'
    OR "alb" = 'unknown'
    OR "ecog" = 'unknown'
    OR "kps" = 'unknown'
    OR "preg" = 'unknown'
    OR "surgery" = 'unknown'
    OR "hepb" = 'unknown'
    THEN CAST('needs data' AS ENUM('eligible', 'eligible pending review', 'needs data', 'not eligible'))
    WHEN TRUE
    THEN CAST('eligible pending review' AS ENUM('eligible', 'eligible pending review', 'needs data', 'not eligible'))
    ELSE CAST('eligible' AS ENUM('eligible', 'eligible pending review', 'needs data', 'not eligible'))
  END AS "verdict",
  "age",
  "sex",
  "plt",
  "hgb",
  "bili",
  "lft",
  "renal",
  "egfr",
  "anc",
  "calcium",
  "bmi",
  "alb",
  "ecog",
  "kps",
  "preg",
  "surgery",
  "hepb",
  "other",
  "age_reason",
  "sex_reason",
  "plt_reason",
  "hgb_reason",
  "bili_reason",
  "lft_reason",
  "renal_reason",
  "egfr_reason",
  "anc_reason",
  "calcium_reason",
  "bmi_reason",
  "alb_reason",
  "ecog_reason",
  "kps_reason",
  "preg_reason",
  "surgery_reason",
  "hepb_reason",
  "other_reason",
  CAST('2026-11-01' AS DATE) AS "as_of",
  '0.1.0' AS "engine_version",
  '63cd7a22f85a' AS "rules_version",
  '' AS "complete_lists"
FROM st
