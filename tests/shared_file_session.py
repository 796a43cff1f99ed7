"""A window's life on one project file, run as its own process by test_shared_file: commands on standard
input, one answer line each on standard output.

    reopen          open the project again and drop the old one, as the window does after a language change
                    or a codebook save (new window first, then the old one's connections disposed)
    annotate N      the coder marks the first N characters of the first article (one service call)
    seen            what this process sees: "DOCS n ANNS m" (documents, and the coder's annotations)
    quit            close the project and end
"""

from __future__ import annotations

import sys

from annotator.services import annotations, annotators, documents
from annotator.storage.project import Project


def main(path: str) -> None:
    project = Project.open(path)
    coder = annotators.ensure(project, "window")
    retired = []  # the old windows' projects, kept until the end as Qt keeps a closed window's objects
    for line in sys.stdin:
        command, *args = line.split()
        if command == "reopen":
            fresh = Project.open(path)
            project.engine.dispose()
            retired.append(project)
            project = fresh
            answer = "REOPENED"
        elif command == "annotate":
            first = documents.document_ids(project)[0]
            annotations.create_annotation(
                project, annotator_id=coder, document_id=first, kind="stakeholder", start=0, end=int(args[0])
            )
            answer = "ANNOTATED"
        elif command == "seen":
            docs = documents.count_documents(project)
            anns = sum(len(annotations.annotations_of(project, d, coder)) for d in documents.document_ids(project))
            answer = f"DOCS {docs} ANNS {anns}"
        elif command == "quit":
            break
        else:
            answer = f"UNKNOWN {command}"
        print(answer, flush=True)
    project.close()
    for old in retired:
        old.close()
    print("BYE", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
