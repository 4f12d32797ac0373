"""The records grid shared by the five entity pages: server-side paging, sorting and filtering over `RecordService`."""
