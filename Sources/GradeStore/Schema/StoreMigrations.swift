import GRDB

/// The grade store's schema, as SQL in versioned migrations (never derived from Swift types).
///
/// Ids are the school's own text ids. Dates are `YYYY-MM-DD` text, instants are UTC
/// `YYYY-MM-DDTHH:MM:SSZ` text (both sort as they compare). Weights are integers in units of
/// 1/10 000 (DESIGN allows at most four decimals), so sums of weights are exact. Every imported
/// table has `import_id`, the import that last wrote the row: `import --replace` deletes the rows
/// of a table that the current import did not write.
enum StoreMigrations {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1: grade store, registry, ledger") { db in
      try db.execute(sql: v1)
    }
    migrator.registerMigration("v2: notice items") { db in
      try db.execute(sql: v2)
    }
    migrator.registerMigration("v3: issuing") { db in
      try db.execute(sql: v3)
    }
    migrator.registerMigration("v4: class file builds") { db in
      try db.execute(sql: v4)
    }
    migrator.registerMigration("v5: the week's ledger by pair and by class") { db in
      try db.execute(sql: v5)
    }
    migrator.registerMigration("v6: what each week's manifest was written from") { db in
      try db.execute(sql: v6)
    }
    migrator.registerMigration("v7: where each week's manifest lies and each class in it") { db in
      try db.execute(sql: v7)
    }
    return migrator
  }

  /// The index the weekly batch reads marks by; a large import rebuilds it after the marks.
  static let marksByStudentIndex =
    "CREATE INDEX marks_by_student ON marks(student_id, subject_id, date)"

  private static let v1 = """
    CREATE TABLE imports (
      import_id   INTEGER PRIMARY KEY,
      started_at  TEXT NOT NULL,
      finished_at TEXT,
      source      TEXT NOT NULL,
      replace     INTEGER NOT NULL CHECK (replace IN (0, 1)),
      operator    TEXT NOT NULL,
      counts      TEXT NOT NULL DEFAULT '{}'
    );

    CREATE TABLE school (
      id                INTEGER PRIMARY KEY CHECK (id = 1),
      name              TEXT NOT NULL,
      short_name        TEXT NOT NULL,
      address           TEXT,
      timezone          TEXT NOT NULL,
      study_days        TEXT NOT NULL,
      template          TEXT,
      paper_since       TEXT,
      exported_on       TEXT,
      marks             TEXT NOT NULL,
      thresholds        TEXT NOT NULL,
      base_weight       TEXT NOT NULL,
      min_marks         INTEGER NOT NULL,
      max_absence_share TEXT NOT NULL,
      unmarked_grades   INTEGER NOT NULL,
      import_id         INTEGER NOT NULL REFERENCES imports(import_id)
    );

    CREATE TABLE classes (
      class_no         INTEGER PRIMARY KEY,
      class_id         TEXT NOT NULL UNIQUE,
      name             TEXT NOT NULL,
      grade            INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 11),
      homeroom_teacher TEXT NOT NULL,
      import_id        INTEGER NOT NULL REFERENCES imports(import_id)
    );

    CREATE TABLE students (
      student_id  TEXT PRIMARY KEY,
      class_id    TEXT NOT NULL REFERENCES classes(class_id),
      last_name   TEXT NOT NULL,
      first_name  TEXT NOT NULL,
      middle_name TEXT,
      birth_date  TEXT NOT NULL,
      passport    INTEGER NOT NULL CHECK (passport IN (0, 1)),
      left_on     TEXT,
      import_id   INTEGER NOT NULL REFERENCES imports(import_id)
    );
    CREATE INDEX students_by_class ON students(class_id);

    CREATE TABLE guardians (
      guardian_id      TEXT PRIMARY KEY,
      last_name        TEXT NOT NULL,
      first_name       TEXT NOT NULL,
      middle_name      TEXT,
      delivery         TEXT NOT NULL CHECK (delivery IN ('student', 'in_person', 'post')),
      address          TEXT,
      contact_source   TEXT NOT NULL CHECK (contact_source IN ('written', 'e_signature', 'none')),
      contact_document TEXT,
      import_id        INTEGER NOT NULL REFERENCES imports(import_id)
    );

    CREATE TABLE student_guardians (
      student_id  TEXT NOT NULL REFERENCES students(student_id),
      guardian_id TEXT NOT NULL REFERENCES guardians(guardian_id),
      relation    TEXT NOT NULL,
      until       TEXT,
      import_id   INTEGER NOT NULL REFERENCES imports(import_id),
      PRIMARY KEY (student_id, guardian_id)
    ) WITHOUT ROWID;
    CREATE INDEX student_guardians_by_guardian ON student_guardians(guardian_id, student_id);

    CREATE TABLE subjects (
      subject_id TEXT PRIMARY KEY,
      name       TEXT NOT NULL,
      position   INTEGER NOT NULL,
      import_id  INTEGER NOT NULL REFERENCES imports(import_id)
    );

    CREATE TABLE mark_kinds (
      kind_id   TEXT PRIMARY KEY,
      name      TEXT NOT NULL,
      weight_e4 INTEGER NOT NULL CHECK (weight_e4 > 0),
      import_id INTEGER NOT NULL REFERENCES imports(import_id)
    );

    CREATE TABLE periods (
      period_id TEXT PRIMARY KEY,
      name      TEXT NOT NULL,
      start     TEXT NOT NULL,
      "end"     TEXT NOT NULL,
      kind      TEXT NOT NULL CHECK (kind IN ('term', 'year')),
      grades    INTEGER NOT NULL,
      import_id INTEGER NOT NULL REFERENCES imports(import_id),
      CHECK (start <= "end")
    );

    CREATE TABLE holidays (
      start     TEXT NOT NULL,
      "end"     TEXT NOT NULL,
      grades    INTEGER NOT NULL,
      name      TEXT NOT NULL,
      import_id INTEGER NOT NULL REFERENCES imports(import_id),
      PRIMARY KEY (start, "end", grades),
      CHECK (start <= "end")
    ) WITHOUT ROWID;

    CREATE TABLE study_dates (
      date      TEXT NOT NULL,
      grades    INTEGER NOT NULL,
      name      TEXT NOT NULL,
      import_id INTEGER NOT NULL REFERENCES imports(import_id),
      PRIMARY KEY (date, grades)
    ) WITHOUT ROWID;

    CREATE TABLE lessons (
      class_id   TEXT NOT NULL REFERENCES classes(class_id),
      subject_id TEXT NOT NULL REFERENCES subjects(subject_id),
      date       TEXT NOT NULL,
      lesson_no  INTEGER NOT NULL,
      import_id  INTEGER NOT NULL REFERENCES imports(import_id),
      PRIMARY KEY (class_id, subject_id, date, lesson_no)
    ) WITHOUT ROWID;

    CREATE TABLE marks (
      mark_id    TEXT PRIMARY KEY,
      student_id TEXT NOT NULL REFERENCES students(student_id),
      subject_id TEXT NOT NULL REFERENCES subjects(subject_id),
      date       TEXT NOT NULL,
      kind_id    TEXT NOT NULL REFERENCES mark_kinds(kind_id),
      value      INTEGER,
      weight_e4  INTEGER CHECK (weight_e4 > 0),
      counted    INTEGER NOT NULL CHECK (counted IN (0, 1)),
      entered_at TEXT,
      comment    TEXT,
      import_id  INTEGER NOT NULL REFERENCES imports(import_id)
    );
    \(marksByStudentIndex);

    CREATE TABLE attendance (
      student_id TEXT NOT NULL REFERENCES students(student_id),
      subject_id TEXT NOT NULL REFERENCES subjects(subject_id),
      date       TEXT NOT NULL,
      lesson_no  INTEGER NOT NULL,
      code       TEXT NOT NULL CHECK (code IN ('н', 'б', 'у', 'оп', 'осв')),
      import_id  INTEGER NOT NULL REFERENCES imports(import_id),
      PRIMARY KEY (student_id, subject_id, date, lesson_no)
    ) WITHOUT ROWID;

    CREATE TABLE final_marks (
      student_id  TEXT NOT NULL REFERENCES students(student_id),
      subject_id  TEXT NOT NULL REFERENCES subjects(subject_id),
      period_id   TEXT NOT NULL REFERENCES periods(period_id),
      value       TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      import_id   INTEGER NOT NULL REFERENCES imports(import_id),
      PRIMARY KEY (student_id, subject_id, period_id)
    ) WITHOUT ROWID;

    CREATE TABLE exam_results (
      result_id   TEXT PRIMARY KEY,
      student_id  TEXT NOT NULL REFERENCES students(student_id),
      exam        TEXT NOT NULL,
      date        TEXT NOT NULL,
      score       TEXT,
      mark        TEXT,
      recorded_at TEXT NOT NULL,
      import_id   INTEGER NOT NULL REFERENCES imports(import_id)
    );
    CREATE INDEX exam_results_by_student ON exam_results(student_id);

    -- Registry order is (signed_on, seq): seq is the order of first recording.
    CREATE TABLE registry (
      seq          INTEGER PRIMARY KEY,
      doc_id       TEXT NOT NULL UNIQUE,
      kind         TEXT NOT NULL CHECK (kind IN ('refusal', 'annulment', 'student_consent')),
      guardian_id  TEXT REFERENCES guardians(guardian_id),
      student_id   TEXT NOT NULL REFERENCES students(student_id),
      signed_on    TEXT NOT NULL,
      document_ref TEXT NOT NULL,
      recorded_at  TEXT NOT NULL,
      operator     TEXT NOT NULL,
      import_id    INTEGER REFERENCES imports(import_id),
      CHECK ((kind = 'student_consent') = (guardian_id IS NULL))
    );
    CREATE INDEX registry_by_student ON registry(student_id, signed_on, seq);
    CREATE INDEX registry_by_guardian ON registry(guardian_id, student_id);
    CREATE TRIGGER registry_is_immutable BEFORE UPDATE ON registry
      BEGIN SELECT RAISE(ABORT, 'registry documents are immutable'); END;
    CREATE TRIGGER registry_is_permanent BEFORE DELETE ON registry
      BEGIN SELECT RAISE(ABORT, 'registry documents are never deleted'); END;

    -- Every document PaperDiary issued (R3, R4, R6, R9). The partial unique index makes a second
    -- weekly issue for the same (guardian, student, week) impossible in the store itself.
    CREATE TABLE ledger (
      seq         INTEGER PRIMARY KEY,
      issue_id    TEXT NOT NULL UNIQUE,
      kind        TEXT NOT NULL CHECK (kind IN ('weekly', 'reissue', 'notice')),
      guardian_id TEXT NOT NULL REFERENCES guardians(guardian_id),
      student_id  TEXT NOT NULL REFERENCES students(student_id),
      class_id    TEXT NOT NULL,
      week        TEXT,
      replaces    TEXT REFERENCES ledger(issue_id),
      reason      TEXT,
      operator    TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      as_of       TEXT,
      import_id   INTEGER REFERENCES imports(import_id),
      file        TEXT NOT NULL,
      sha256      TEXT NOT NULL,
      pages       INTEGER,
      entry       TEXT,
      CHECK ((kind = 'notice') = (week IS NULL)),
      CHECK ((kind = 'reissue') = (replaces IS NOT NULL)),
      CHECK (kind <> 'reissue' OR reason IS NOT NULL)
    );
    CREATE UNIQUE INDEX ledger_one_weekly_issue
      ON ledger(guardian_id, student_id, week) WHERE kind = 'weekly';
    CREATE INDEX ledger_by_week ON ledger(week, student_id);
    CREATE INDEX ledger_by_student ON ledger(student_id, guardian_id);
    CREATE TRIGGER ledger_is_immutable BEFORE UPDATE ON ledger
      BEGIN SELECT RAISE(ABORT, 'ledger rows are immutable'); END;
    CREATE TRIGGER ledger_is_permanent BEFORE DELETE ON ledger
      BEGIN SELECT RAISE(ABORT, 'ledger rows are never deleted'); END;
    """

  /// What each final-results notice covered (R6): the version of every final mark and exam
  /// result it told the guardian about, so that `status` can tell a covered row from one that
  /// changed since. `item_key` is `<subject_id>/<period_id>` for a final mark and the
  /// `result_id` for an exam result; `value` and `recorded_at` are as `GradeStore.finalResults()`
  /// gives them.
  private static let v2 = """
    CREATE TABLE notice_items (
      issue_id    TEXT NOT NULL REFERENCES ledger(issue_id),
      kind        TEXT NOT NULL CHECK (kind IN ('final', 'exam')),
      item_key    TEXT NOT NULL,
      value       TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      PRIMARY KEY (issue_id, kind, item_key)
    ) WITHOUT ROWID;
    CREATE TRIGGER notice_items_are_immutable BEFORE UPDATE ON notice_items
      BEGIN SELECT RAISE(ABORT, 'notice items are immutable'); END;
    CREATE TRIGGER notice_items_are_permanent BEFORE DELETE ON notice_items
      BEGIN SELECT RAISE(ABORT, 'notice items are never deleted'); END;
    """

  /// What issuing needs besides the ledger (§5). `issue_counters` holds the last number given
  /// out per scope (`YYYY-Www`, or `notice`); numbers are never given out twice, so an id
  /// reserved by a run that died is only a skipped number. It starts above any id already in
  /// the ledger. `reservations` are ids reserved before rendering whose documents are not yet
  /// in the ledger. `class_files` numbers each class for `print/class-<n>.pdf`, so no imported
  /// id reaches a file name (R9). `runs` is the `runs` list of a week's manifest.json.
  private static let v3 = """
    CREATE TABLE issue_counters (
      scope TEXT PRIMARY KEY,
      last  INTEGER NOT NULL CHECK (last >= 0)
    ) WITHOUT ROWID;
    INSERT INTO issue_counters (scope, last)
      SELECT week, MAX(CAST(substr(issue_id, 10) AS INTEGER)) FROM ledger
      WHERE week IS NOT NULL GROUP BY week;
    INSERT INTO issue_counters (scope, last)
      SELECT 'notice', MAX(CAST(substr(issue_id, 3) AS INTEGER)) FROM ledger
      WHERE kind = 'notice' HAVING COUNT(*) > 0;

    CREATE TABLE reservations (
      issue_id    TEXT PRIMARY KEY,
      scope       TEXT NOT NULL,
      kind        TEXT NOT NULL CHECK (kind IN ('weekly', 'reissue', 'notice')),
      guardian_id TEXT NOT NULL,
      student_id  TEXT NOT NULL,
      replaces    TEXT,
      reserved_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX reservations_by_scope ON reservations(scope);

    CREATE TABLE class_files (
      n        INTEGER PRIMARY KEY,
      class_id TEXT NOT NULL UNIQUE
    );

    CREATE TABLE runs (
      run_id     INTEGER PRIMARY KEY,
      week       TEXT NOT NULL,
      started_at TEXT NOT NULL,
      operator   TEXT NOT NULL,
      as_of      TEXT NOT NULL,
      issued     INTEGER NOT NULL,
      skipped    INTEGER NOT NULL,
      failed     INTEGER NOT NULL
    );
    CREATE INDEX runs_by_week ON runs(week, run_id);
    """

  /// What each class's print file and register of a week were last built from (a digest of
  /// the issues in them), so a run rebuilds only the files that no longer match the ledger —
  /// including those a killed run left half-done — instead of every class of the week.
  private static let v4 = """
    CREATE TABLE class_file_builds (
      week     TEXT NOT NULL,
      class_id TEXT NOT NULL,
      digest   TEXT NOT NULL,
      PRIMARY KEY (week, class_id)
    ) WITHOUT ROWID;
    """

  /// Indexes that let a week's current issues be found without reading its rows (each of
  /// which carries a manifest entry of a few kilobytes): by pair, with what the week's list of
  /// classes and its leftover check need (the latest issue of each guardian and student, its
  /// class, pages and id), and by class (one class's files, which a teacher's single sheet
  /// rebuilds without reading the rest of the week).
  private static let v5 = """
    DROP INDEX ledger_by_week;
    CREATE INDEX ledger_by_week
      ON ledger(week, student_id, guardian_id, class_id, pages, issue_id);
    CREATE INDEX ledger_by_week_class ON ledger(week, class_id, student_id);
    """

  /// What each week's manifest.json was last written from: the week's ledger and runs as they
  /// stood (the highest ledger row and the number of runs), the import whose names put it in
  /// print order, and the file's size. A teacher's single sheet patches a manifest that still
  /// matches, instead of writing the whole week again.
  private static let v6 = """
    CREATE TABLE week_manifests (
      week       TEXT PRIMARY KEY,
      ledger_seq INTEGER NOT NULL,
      runs       INTEGER NOT NULL,
      import_id  INTEGER,
      size       INTEGER NOT NULL
    ) WITHOUT ROWID;
    """

  /// A manifest is found again by its inode, size and modification time, and each class's
  /// entries by their bytes in it, so a teacher's sheet patches it without reading it; one
  /// patched without a sync is trusted only in the boot that wrote it. The marks of v6 say
  /// nothing of that: they go, and each week's next manifest is written whole.
  private static let v7 = """
    DROP TABLE week_manifests;
    CREATE TABLE week_manifests (
      week         TEXT PRIMARY KEY,
      ledger_seq   INTEGER NOT NULL,
      runs         INTEGER NOT NULL,
      import_id    INTEGER,
      size         INTEGER NOT NULL,
      inode        INTEGER NOT NULL,
      modified_ns  INTEGER NOT NULL,
      sheets_from  INTEGER NOT NULL,
      sheets_to    INTEGER NOT NULL,
      -- The boot it was written in, when it was not synced; NULL when it was.
      unsynced_boot TEXT
    ) WITHOUT ROWID;

    CREATE TABLE week_manifest_classes (
      week       TEXT NOT NULL,
      class_id   TEXT NOT NULL,
      from_byte  INTEGER NOT NULL,
      to_byte    INTEGER NOT NULL,
      PRIMARY KEY (week, class_id)
    ) WITHOUT ROWID;
    """
}
