package example;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "users")
public class User {
    @Id
    private Long id;
    private String email;
    private boolean active;

    protected User() {
    }

    public User(Long id, String email, boolean active) {
        this.id = id;
        this.email = email;
        this.active = active;
    }

    public String getEmail() {
        return email;
    }

    public boolean isActive() {
        return active;
    }
}
