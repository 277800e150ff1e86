package io.redstreams.cdi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

/** An injectable collaborator that records what consumers handed it. */
@ApplicationScoped
public class Orders {

    private final List<Object> received = new CopyOnWriteArrayList<>();

    public void record(Object value) {
        received.add(value);
    }

    public List<Object> received() {
        return received;
    }
}
