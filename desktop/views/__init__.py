"""One module a panel: search, reader panes, actors, briefing, import log."""
